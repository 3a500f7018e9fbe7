using System.Diagnostics;
using FastCms.Data;
using FastCms.Events;
using FastCms.Kernel;
using FastCms.Plugins.Jobs;

namespace FastCms.Jobs;

/// <summary>
/// Runs every registered job on its cron schedule (one timer loop per job, on the injected <see cref="TimeProvider"/>),
/// and on demand. A run holds the job's gate, so a tick that arrives while the job is still running is skipped and
/// counted; with several instances on one PostgreSQL database the <see cref="JobRuns"/> claim lets one run each tick.
/// Failures are logged and counted and never stop the schedule.
/// </summary>
internal sealed class JobScheduler(JobRuns runs, PluginDatabases databases, IServiceProvider services, TimeProvider clock, ILogger<JobScheduler> logger)
    : IHostedService
{
    // Task.Delay cannot wait longer than about 49 days; longer waits are taken in steps.
    private static readonly TimeSpan MaxWait = TimeSpan.FromDays(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, JobState> _jobs = new(StringComparer.Ordinal);
    private readonly List<Task> _inFlight = [];
    private CancellationTokenSource? _stopping;

    public IReadOnlyList<JobState> Jobs
    {
        get
        {
            lock (_gate)
            {
                return [.. _jobs.Values.OrderBy(j => j.Definition.Owner, StringComparer.Ordinal).ThenBy(j => j.Definition.Name, StringComparer.Ordinal)];
            }
        }
    }

    public JobState? Find(string owner, string name)
    {
        lock (_gate)
        {
            return _jobs.GetValueOrDefault(owner + "/" + name);
        }
    }

    /// <summary>
    /// Stops scheduling every job of <paramref name="owner"/> (a plugin being disabled) and forgets them; a run already
    /// going may finish.
    /// </summary>
    public void RemoveOwner(string owner)
    {
        lock (_gate)
        {
            foreach (var state in _jobs.Values.Where(j => j.Definition.Owner == owner).ToList())
            {
                _jobs.Remove(state.Definition.Key);
                state.Cancel?.Cancel();
            }
        }
    }

    public void AddRange(IEnumerable<JobDefinition> definitions)
    {
        lock (_gate)
        {
            foreach (var definition in definitions)
            {
                var state = new JobState(definition);
                _jobs[definition.Key] = state;
                if (_stopping is not null)
                {
                    Start(state, _stopping.Token);
                }
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _stopping = new CancellationTokenSource();
            foreach (var state in _jobs.Values)
            {
                Start(state, _stopping.Token);
            }
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task[] pending;
        lock (_gate)
        {
            _stopping?.Cancel();
            pending = [.. _jobs.Values.Select(j => j.Loop), .. _inFlight];
        }

        try
        {
            await Task.WhenAll(pending).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Shutdown timeout: scheduled jobs were still running");
        }
    }

    /// <summary>Runs the job now, waiting for the result; for the admin API.</summary>
    public Task<JobRunResult> RunNowAsync(JobState state)
    {
        var token = _stopping?.Token ?? CancellationToken.None;
        return TrackAsync(RunAsync(state, Truncate(clock.GetUtcNow()), manual: true, token));
    }

    private void Start(JobState state, CancellationToken stopping)
    {
        state.Cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        state.Loop = Task.Run(() => LoopAsync(state, state.Cancel.Token, stopping), CancellationToken.None);
    }

    /// <param name="token">Ends the schedule: at shutdown, or when the job's owner is disabled.</param>
    /// <param name="stopping">Passed to runs, which only shutdown cancels.</param>
    private async Task LoopAsync(JobState state, CancellationToken token, CancellationToken stopping)
    {
        var after = clock.GetUtcNow();
        try
        {
            while (state.Definition.NextAfter(after) is { } next)
            {
                state.NextRun = next;
                for (var wait = next - clock.GetUtcNow(); wait > TimeSpan.Zero; wait = next - clock.GetUtcNow())
                {
                    await Task.Delay(wait < MaxWait ? wait : MaxWait, clock, token);
                }

                after = next;
                token.ThrowIfCancellationRequested();

                // In the background, so the loop keeps its schedule and sees the next tick even if this run is slow.
                _ = TrackAsync(RunAsync(state, next, manual: false, stopping));
            }

            state.NextRun = null;
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }

    private async Task<JobRunResult> TrackAsync(Task<JobRunResult> run)
    {
        lock (_gate)
        {
            _inFlight.Add(run);
        }

        try
        {
            return await run;
        }
        finally
        {
            lock (_gate)
            {
                _inFlight.Remove(run);
            }
        }
    }

    private async Task<JobRunResult> RunAsync(JobState state, DateTimeOffset tick, bool manual, CancellationToken token)
    {
        var job = state.Definition;
        if (!state.Gate.Wait(0))
        {
            if (!manual)
            {
                state.CountSkipped();
                FastCmsMeter.JobRuns.Add(1, Tags(job, "skipped"));
                logger.LogWarning("Job {Owner}/{Job} is still running; the run for {Tick:O} is skipped", job.Owner, job.Name, tick);
            }

            return new JobRunResult(JobRunOutcome.Busy, null);
        }

        try
        {
            var (outcome, claim) = await runs.TryClaimAsync(job, tick, manual, clock.GetUtcNow(), token);
            if (claim is null)
            {
                return new JobRunResult(outcome == ClaimOutcome.RunningElsewhere ? JobRunOutcome.Busy : JobRunOutcome.AlreadyRan, null);
            }

            await using (claim)
            {
                return await ExecuteAsync(state, claim, tick, manual, token);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
        {
            logger.LogError(e, "Job {Owner}/{Job} could not be started", job.Owner, job.Name);
            return new JobRunResult(JobRunOutcome.Failed, null);
        }
        catch (OperationCanceledException)
        {
            return new JobRunResult(JobRunOutcome.Cancelled, null);
        }
        finally
        {
            state.Gate.Release();
        }
    }

    private async Task<JobRunResult> ExecuteAsync(JobState state, JobClaim claim, DateTimeOffset tick, bool manual, CancellationToken token)
    {
        var job = state.Definition;
        var started = clock.GetUtcNow();
        var timestamp = Stopwatch.GetTimestamp();
        var outcome = JobRunOutcome.Succeeded;
        string? error = null;
        await using (var scope = services.CreateAsyncScope())
        await using (var provider = new PluginServiceProvider(scope.ServiceProvider, databases))
        {
            try
            {
                await job.Handler(new JobContext(job.Owner, job.Name, tick, manual, provider, job.Logger), token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                outcome = JobRunOutcome.Cancelled;
                error = "The server shut down during the run.";
            }
            catch (Exception e)
            {
                outcome = JobRunOutcome.Failed;
                error = $"{e.GetType().Name}: {e.Message}";
                state.CountFailure();
                FastCmsMeter.JobErrors.Add(1, Tags(job, null));
                logger.LogError(e, "Job {Owner}/{Job} failed", job.Owner, job.Name);
            }
        }

        state.CountRun();
        var status = outcome.ToString().ToLowerInvariant();
        FastCmsMeter.JobRuns.Add(1, Tags(job, status));
        FastCmsMeter.JobDuration.Record(Stopwatch.GetElapsedTime(timestamp).TotalSeconds, Tags(job, null));
        var finished = clock.GetUtcNow();
        await claim.FinishAsync(status, error, finished, CancellationToken.None);
        return new JobRunResult(outcome, new JobRunRecord(tick, manual, runs.Instance, started, finished, status, error));
    }

    private static TagList Tags(JobDefinition job, string? result)
    {
        var tags = new TagList { { "plugin", job.Owner }, { "job", job.Name } };
        if (result is not null)
        {
            tags.Add("result", result);
        }

        return tags;
    }

    private static DateTimeOffset Truncate(DateTimeOffset value) => new(value.Ticks - value.Ticks % TimeSpan.TicksPerMillisecond, value.Offset);
}
