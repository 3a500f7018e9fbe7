using System.Threading.Channels;
using FastCms.Data;
using FastCms.Storage;

namespace FastCms.Records.Files;

/// <summary>
/// Deletes stored files durably. A file to delete first becomes a row in <c>_file_cleanup</c>, written in the same
/// transaction as the change that frees it; once that commits the file goes, then the row. A crash in between leaves the
/// row, which the sweep at the next start (and every few minutes) finishes. Uploads are reserved the same way before
/// their bytes are written, with a due time in the future: the write that keeps them removes the row in its
/// transaction, so an upload whose write never commits is swept once its reservation is due.
/// </summary>
internal sealed class FileCleanup(Database database, IFileStorage storage, TimeProvider clock, ILogger<FileCleanup> logger) : BackgroundService
{
    /// <summary>How long an upload may take between its reservation and the commit that keeps it.</summary>
    public static readonly TimeSpan ReservationLifetime = TimeSpan.FromHours(1);

    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(5);

    private readonly Channel<string[]> _committed = Channel.CreateUnbounded<string[]>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Records, inside <paramref name="session"/>, that these keys go once it commits (a prefix removes everything under it).</summary>
    public async Task DeleteAfterCommitAsync(DbSession session, IReadOnlyCollection<(string Key, bool WholePrefix)> targets, CancellationToken cancellationToken)
    {
        if (targets.Count == 0)
        {
            return;
        }

        var ids = new string[targets.Count];
        var i = 0;
        foreach (var (key, wholePrefix) in targets)
        {
            ids[i++] = await InsertAsync(session.Lease(), key, wholePrefix, clock.GetUtcNow(), cancellationToken);
        }

        session.OnCommitted(() => _committed.Writer.TryWrite(ids));
    }

    /// <summary>Reserves <paramref name="key"/> for an upload about to be written; returns the reservation's id.</summary>
    public Task<string> ReserveAsync(string key, CancellationToken cancellationToken) =>
        database.WriteAsync(session => InsertAsync(session.Lease(), key, false, clock.GetUtcNow() + ReservationLifetime, cancellationToken), cancellationToken);

    /// <summary>Keeps reserved uploads: their rows go with the transaction of the write that references them.</summary>
    public static async Task ConfirmAsync(DbSession session, IEnumerable<string> reservationIds, CancellationToken cancellationToken)
    {
        foreach (var id in reservationIds)
        {
            await using var command = session.CreateCommand("DELETE FROM _file_cleanup WHERE id = @id");
            command.AddParameter("id", id);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Removes uploads whose write failed, and their reservations; a failure here leaves them to the sweep.</summary>
    public async Task DiscardAsync(IEnumerable<(string Key, string ReservationId)> uploads)
    {
        foreach (var (key, id) in uploads)
        {
            try
            {
                await RemoveAsync(key, false, CancellationToken.None);
                await DeleteRowAsync(id, CancellationToken.None);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                logger.LogWarning(e, "Could not remove the unused upload {Key} now; the cleanup sweep will", key);
            }
        }
    }

    /// <summary>Finishes every entry that is due: deletes the files, then the rows. Returns how many it finished.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var due = new List<(string Id, string Key, bool WholePrefix)>();
        await using (var lease = await database.LeaseAsync(cancellationToken))
        await using (var command = lease.CreateCommand("SELECT id, storage_key, whole_prefix FROM _file_cleanup WHERE due <= @now ORDER BY due LIMIT 1000"))
        {
            command.AddParameter("now", database.Dialect.Timestamp(clock.GetUtcNow()));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                due.Add((reader.GetString(0), reader.GetString(1), reader.GetBoolean(2)));
            }
        }

        foreach (var (id, key, wholePrefix) in due)
        {
            await RemoveAsync(key, wholePrefix, cancellationToken);
            await DeleteRowAsync(id, cancellationToken);
        }

        return due.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var next = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                wait.CancelAfter(next);
                try
                {
                    var ids = await _committed.Reader.ReadAsync(wait.Token);
                    await FinishAsync(ids, stoppingToken);
                    while (_committed.Reader.TryRead(out var more))
                    {
                        await FinishAsync(more, stoppingToken);
                    }

                    continue;
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                }

                if (await SweepAsync(stoppingToken) is > 0 and var count)
                {
                    logger.LogInformation("File cleanup finished {Count} pending deletions", count);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "File cleanup failed; it retries in {Minutes} minutes", SweepInterval.TotalMinutes);
            }

            next = SweepInterval;
        }
    }

    private async Task FinishAsync(string[] ids, CancellationToken cancellationToken)
    {
        foreach (var id in ids)
        {
            await using var lease = await database.LeaseAsync(cancellationToken);
            await using var command = lease.CreateCommand("SELECT storage_key, whole_prefix FROM _file_cleanup WHERE id = @id");
            command.AddParameter("id", id);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                var (key, wholePrefix) = (reader.GetString(0), reader.GetBoolean(1));
                await reader.DisposeAsync();
                await RemoveAsync(key, wholePrefix, cancellationToken);
                await DeleteRowAsync(id, cancellationToken);
            }
        }
    }

    private async Task RemoveAsync(string key, bool wholePrefix, CancellationToken cancellationToken)
    {
        if (!wholePrefix)
        {
            await storage.DeleteAsync(key, cancellationToken);
            var slash = key.LastIndexOf('/');
            key = $"{key[..slash]}/{FileNames.ThumbFolder}/{key[(slash + 1)..]}/";
        }

        var keys = new List<string>();
        await foreach (var stored in storage.ListAsync(key, cancellationToken))
        {
            keys.Add(stored.Key);
        }

        foreach (var stored in keys)
        {
            await storage.DeleteAsync(stored, cancellationToken);
        }
    }

    private async Task<string> InsertAsync(DbLease lease, string key, bool wholePrefix, DateTimeOffset due, CancellationToken cancellationToken)
    {
        var id = RandomId.New();
        await using var command = lease.CreateCommand("INSERT INTO _file_cleanup (id, storage_key, whole_prefix, due) VALUES (@id, @key, @prefix, @due)");
        command.AddParameter("id", id).AddParameter("key", key).AddParameter("prefix", wholePrefix).AddParameter("due", database.Dialect.Timestamp(due));
        await command.ExecuteNonQueryAsync(cancellationToken);
        return id;
    }

    private Task DeleteRowAsync(string id, CancellationToken cancellationToken) =>
        database.WriteAsync(async session =>
        {
            await using var command = session.CreateCommand("DELETE FROM _file_cleanup WHERE id = @id");
            command.AddParameter("id", id);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
}
