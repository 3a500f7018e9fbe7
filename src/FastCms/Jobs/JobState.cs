namespace FastCms.Jobs;

/// <summary>A registered job and what this instance knows about it.</summary>
internal sealed class JobState(JobDefinition definition)
{
    public JobDefinition Definition { get; } = definition;

    /// <summary>Held while a run is in progress on this instance, so runs never overlap.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public DateTimeOffset? NextRun { get; set; }

    public bool Running => Gate.CurrentCount == 0;

    private long _runs;
    private long _failures;
    private long _skipped;

    /// <summary>Runs on this instance since it started.</summary>
    public long Runs => Interlocked.Read(ref _runs);

    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Ticks skipped because the previous run was still going.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    public CancellationTokenSource? Cancel { get; set; }

    public Task Loop { get; set; } = Task.CompletedTask;

    public void CountRun() => Interlocked.Increment(ref _runs);

    public void CountFailure() => Interlocked.Increment(ref _failures);

    public void CountSkipped() => Interlocked.Increment(ref _skipped);
}

internal enum JobRunOutcome
{
    Succeeded,
    Failed,
    Cancelled,

    /// <summary>The job was already running (here or on another instance); nothing was started.</summary>
    Busy,

    /// <summary>Another instance already ran this tick.</summary>
    AlreadyRan,
}

internal sealed record JobRunResult(JobRunOutcome Outcome, JobRunRecord? Run);
