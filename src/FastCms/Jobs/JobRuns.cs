using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using FastCms.Data;

namespace FastCms.Jobs;

/// <summary>One run of a job as recorded in <c>_job_runs</c>.</summary>
internal sealed record JobRunRecord(
    DateTimeOffset ScheduledFor, bool Manual, string Instance, DateTimeOffset Started, DateTimeOffset? Finished, string Status, string? Error);

internal enum ClaimOutcome
{
    Claimed,

    /// <summary>Another instance is running the job right now.</summary>
    RunningElsewhere,

    /// <summary>The tick has already been run (by another instance).</summary>
    AlreadyRan,
}

/// <summary>
/// The run history in <c>_job_runs</c>, shared by every instance on the database, and the claim that makes each tick run
/// once: a row per (job, tick) that only one instance can insert, plus on PostgreSQL a session advisory lock held for the
/// whole run, so a job never overlaps itself across instances and a crashed instance releases it with its connection.
/// </summary>
internal sealed class JobRuns(Database database)
{
    private const int KeptRunsPerJob = 100;

    /// <summary>Names this server instance in the history.</summary>
    public string Instance { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{RandomId.New()[..5]}";

    public async Task<(ClaimOutcome Outcome, JobClaim? Claim)> TryClaimAsync(JobDefinition job, DateTimeOffset tick, bool manual, DateTimeOffset now, CancellationToken cancellationToken)
    {
        DbConnection? lockConnection = null;
        var lockKey = LockKey(job.Key);
        if (database.Provider == DatabaseProvider.Postgres)
        {
            lockConnection = await database.OpenAsync(cancellationToken);
            await using var command = lockConnection.CreateCommand("SELECT pg_try_advisory_lock(@key)");
            command.AddParameter("key", lockKey);
            if (await command.ExecuteScalarAsync(cancellationToken) is not true)
            {
                await lockConnection.DisposeAsync();
                return (ClaimOutcome.RunningElsewhere, null);
            }
        }

        var claim = new JobClaim(this, job.Key, tick, lockConnection, lockKey);
        try
        {
            var inserted = await database.WriteAsync(async session =>
            {
                await using var insert = session.CreateCommand(
                    "INSERT INTO _job_runs (job_key, tick, manual, instance, started, status) VALUES (@key, @tick, @manual, @instance, @started, 'running') " +
                    "ON CONFLICT (job_key, tick) DO NOTHING");
                insert.AddParameter("key", job.Key)
                    .AddParameter("tick", session.Dialect.Timestamp(tick))
                    .AddParameter("manual", manual)
                    .AddParameter("instance", Instance)
                    .AddParameter("started", session.Dialect.Timestamp(now));
                return await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
            }, cancellationToken);
            if (inserted)
            {
                return (ClaimOutcome.Claimed, claim);
            }
        }
        catch
        {
            await claim.DisposeAsync();
            throw;
        }

        await claim.DisposeAsync();
        return (ClaimOutcome.AlreadyRan, null);
    }

    internal Task FinishAsync(string key, DateTimeOffset tick, string status, string? error, DateTimeOffset finished, CancellationToken cancellationToken) =>
        database.WriteAsync(async session =>
        {
            await using (var update = session.CreateCommand(
                "UPDATE _job_runs SET finished = @finished, status = @status, error = @error WHERE job_key = @key AND tick = @tick"))
            {
                update.AddParameter("finished", session.Dialect.Timestamp(finished))
                    .AddParameter("status", status)
                    .AddParameter("error", error)
                    .AddParameter("key", key)
                    .AddParameter("tick", session.Dialect.Timestamp(tick));
                await update.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var prune = session.CreateCommand(
                "DELETE FROM _job_runs WHERE job_key = @key AND tick < " +
                $"(SELECT tick FROM _job_runs WHERE job_key = @key ORDER BY tick DESC LIMIT 1 OFFSET {KeptRunsPerJob - 1})");
            prune.AddParameter("key", key);
            await prune.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    /// <summary>The latest run of every job that has run, keyed by <see cref="JobDefinition.Key"/>.</summary>
    public async Task<Dictionary<string, JobRunRecord>> LatestAsync(CancellationToken cancellationToken)
    {
        var dialect = database.Dialect;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand(
            "SELECT job_key, tick, manual, instance, started, finished, status, error FROM _job_runs r " +
            "WHERE started = (SELECT MAX(started) FROM _job_runs l WHERE l.job_key = r.job_key)");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var latest = new Dictionary<string, JobRunRecord>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            latest[reader.GetString(0)] = new JobRunRecord(
                dialect.ReadTimestamp(reader, 1),
                Convert.ToBoolean(reader.GetValue(2)),
                reader.GetString(3),
                dialect.ReadTimestamp(reader, 4),
                reader.IsDBNull(5) ? null : dialect.ReadTimestamp(reader, 5),
                reader.GetString(6),
                reader.GetNullableString(7));
        }

        return latest;
    }

    private static long LockKey(string jobKey) => BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("fastcms-job:" + jobKey)));
}

/// <summary>The right to run one tick of a job; disposing releases the cross-instance lock.</summary>
internal sealed class JobClaim(JobRuns runs, string key, DateTimeOffset tick, DbConnection? lockConnection, long lockKey) : IAsyncDisposable
{
    public Task FinishAsync(string status, string? error, DateTimeOffset finished, CancellationToken cancellationToken) =>
        runs.FinishAsync(key, tick, status, error, finished, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (lockConnection is null)
        {
            return;
        }

        try
        {
            await using var unlock = lockConnection.CreateCommand("SELECT pg_advisory_unlock(@key)");
            unlock.AddParameter("key", lockKey);
            await unlock.ExecuteScalarAsync();
        }
        finally
        {
            await lockConnection.DisposeAsync();
        }
    }
}
