using System.Data.Common;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using FastCms.Kernel;

namespace FastCms.Data;

/// <summary>
/// Copies SQLite's write-ahead log back into the database file away from the writers. SQLite's own automatic checkpoint
/// runs inside the commit that crosses 1,000 logged pages: that commit copies and syncs the whole log while it still
/// holds the write turn, and every writer queued behind it waits (on a busy server, half of all commit time). Connections
/// are opened with it turned off; after writes, this runs a passive checkpoint on a connection of its own, which copies
/// what no reader still needs while writers go on. The log starts over from its beginning only when a writer finds it
/// fully copied and no reader in it, which writers that never pause do not allow; so once the log is long, it is
/// restarted inside a write turn (FastCms:Database:SqliteLogRestartPages, 64 MiB by default: each restart holds the
/// writers for a few milliseconds), where little is left to copy by then.
/// </summary>
internal sealed class SqliteCheckpoints(Database database, long restartPages, ILogger logger) : IAsyncDisposable
{
    /// <summary>Writes that come within this time of each other are copied together.</summary>
    internal static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(250);

    // How long the restart waits for readers still in the log; a reader slower than that defers it to the next write.
    private const int RestartWaitMilliseconds = 100;

    // Every connection's timeout (Database's pragmas), restored after the restart borrowed the connection.
    private const int BusyTimeoutMilliseconds = 10_000;

    private static readonly Histogram<double> Duration = FastCmsMeter.Meter.CreateHistogram<double>(
        "fastcms_db_checkpoint_duration_seconds", "s",
        "SQLite checkpoints: the log copied into the database file beside the writers (passive), or restarted in a write turn (restart).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5] });

    private readonly SemaphoreSlim _written = new(0, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly object _lock = new();
    private Task? _loop;
    private int _pending;

    /// <summary>Notes that a write ended; the log is copied after the next pause.</summary>
    public void Written()
    {
        if (Interlocked.Exchange(ref _pending, 1) == 1)
        {
            return;
        }

        lock (_lock)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            if (_loop is null)
            {
                // Started on the first write, so that a server that never writes has no task waiting for one; without
                // the writer's execution context, which the loop outlives.
                using (ExecutionContext.SuppressFlow())
                {
                    _loop = Task.Run(() => RunAsync(_stopping.Token));
                }
            }

            _written.Release();
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await _written.WaitAsync(stopping);
                await Task.Delay(Pause, stopping);
                Volatile.Write(ref _pending, 0);
                if (await CheckpointAsync("PASSIVE", stopping) >= restartPages)
                {
                    await database.ExclusiveAsync(token => CheckpointAsync("RESTART", token), stopping);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is DbException or IOException or InvalidOperationException)
            {
                // SQLite copies the log when the last connection closes, and the next checkpoint takes up what this one
                // left; nothing is lost, the log only grows until then.
                logger.LogWarning(e, "Checkpointing the SQLite log failed; the next write tries again.");
            }
        }
    }

    // Returns the length of the log in pages (the second column of SQLite's wal_checkpoint result).
    private async Task<long> CheckpointAsync(string mode, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using var connection = await database.OpenAsync(cancellationToken);
        var restart = mode == "RESTART";
        if (restart)
        {
            await ExecuteAsync(connection, $"PRAGMA busy_timeout={RestartWaitMilliseconds}", cancellationToken);
        }

        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA wal_checkpoint({mode})";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var logged = reader.GetInt64(1);
            Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("mode", mode.ToLowerInvariant()));
            return logged;
        }
        finally
        {
            if (restart)
            {
                await ExecuteAsync(connection, $"PRAGMA busy_timeout={BusyTimeoutMilliseconds}", CancellationToken.None);
            }
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Task? loop;
        lock (_lock)
        {
            _stopping.Cancel();
            loop = _loop;
        }

        if (loop is not null)
        {
            await loop;
        }

        _stopping.Dispose();
        _written.Dispose();
    }
}
