using System.Data.Common;
using System.Text;
using FastCms.Data;

namespace FastCms.Outbox;

/// <summary>
/// The outbox's SQL for retries, the delivery log's upkeep and measuring (new events: <see cref="OutboxFanOut"/>).
/// Retries are taken in short transactions: on PostgreSQL with <c>FOR UPDATE SKIP LOCKED</c>, so that instances sharing
/// the database never take the same row; on SQLite (one instance, one writer at a time) the write gate alone serialises
/// takers. A taken delivery carries a lease, so that a crashed instance's work is taken again.
/// </summary>
internal sealed class OutboxStore(Database database)
{
    private string SkipLocked(string table) => database.Provider == DatabaseProvider.Postgres ? $" FOR UPDATE OF {table} SKIP LOCKED" : "";

    /// <summary>
    /// Whether there may be work, asked without a write transaction: on SQLite a taker holds the one write gate that
    /// record writes wait for, so it is taken only when there is something to take.
    /// </summary>
    public async Task<(bool NewEvents, bool DueDeliveries)> PeekAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var lease = await database.LeaseAsync(cancellationToken);
        await using var command = lease.CreateCommand(
            "SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM _outbox WHERE dispatched = false LIMIT 1) e), " +
            "(SELECT COUNT(*) FROM (SELECT 1 FROM _outbox_deliveries WHERE status = 'pending' AND next_attempt <= @now " +
            "AND (locked_until IS NULL OR locked_until < @now) LIMIT 1) d)");
        command.AddParameter("now", database.Dialect.Timestamp(now));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0) > 0, reader.GetInt64(1) > 0);
    }

    /// <summary>Takes due deliveries this instance can make, counting the attempt now (a crash mid-attempt still counts).</summary>
    public Task<List<OutboxDelivery>> ClaimAsync(IReadOnlyList<IOutboxConsumer> consumers, int batchSize, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken) =>
        database.WriteInGroupAsync(async session =>
        {
            var dialect = session.Dialect;
            var claimed = new List<OutboxDelivery>();
            await using (var select = session.CreateCommand(""))
            {
                select.CommandText =
                    "SELECT d.id, d.consumer, d.attempts, e.id, e.type, e.collection, e.payload, e.created, e.depth FROM _outbox_deliveries d JOIN _outbox e ON e.id = d.event_id " +
                    "WHERE d.status = 'pending' AND d.next_attempt <= @now AND (d.locked_until IS NULL OR d.locked_until < @now) AND (" +
                    ConsumerFilter(select, consumers) + ") ORDER BY d.next_attempt LIMIT @n" + SkipLocked("d");
                select.AddParameter("now", dialect.Timestamp(now)).AddParameter("n", batchSize);
                await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    claimed.Add(new OutboxDelivery(reader.GetString(0), reader.GetString(1), (int)reader.GetInt64(2) + 1, ReadEvent(reader, dialect, 3)));
                }
            }

            if (claimed.Count > 0)
            {
                await using var take = session.CreateCommand(
                    "UPDATE _outbox_deliveries SET locked_until = @until, attempts = attempts + 1, last_attempt = @now WHERE id IN (" +
                    string.Join(", ", claimed.Select((_, i) => $"@d{i}")) + ")");
                take.AddParameter("until", dialect.Timestamp(now + lease)).AddParameter("now", dialect.Timestamp(now));
                for (var i = 0; i < claimed.Count; i++)
                {
                    take.AddParameter($"d{i}", claimed[i].Id);
                }

                await take.ExecuteNonQueryAsync(cancellationToken);
            }

            return claimed;
        }, cancellationToken);

    /// <summary>
    /// Stores the outcomes of a claimed batch in one transaction (one write turn, however many deliveries): each delivered,
    /// pending again at its retry time, or dead when it has none.
    /// </summary>
    public Task CompleteAsync(IReadOnlyList<DeliveryOutcome> outcomes, CancellationToken cancellationToken) =>
        database.WriteInGroupAsync(async session =>
        {
            foreach (var outcome in outcomes)
            {
                var (delivery, result, retryAt) = outcome;
                await using var update = session.CreateCommand(
                    "UPDATE _outbox_deliveries SET status = @status, locked_until = NULL, next_attempt = COALESCE(@next, next_attempt), response_code = @code, " +
                    "latency_ms = @latency, response_body = @body, error = @error WHERE id = @id");
                update.AddParameter("status", outcome.Status)
                    .AddParameter("next", retryAt is { } at ? session.Dialect.Timestamp(at) : null)
                    .AddParameter("code", result.ResponseCode is { } code ? (long)code : null)
                    .AddParameter("latency", (long)result.Latency.TotalMilliseconds)
                    .AddParameter("body", result.ResponseBody)
                    .AddParameter("error", result.Error)
                    .AddParameter("id", delivery.Id);
                await update.ExecuteNonQueryAsync(cancellationToken);
            }
        }, cancellationToken);

    /// <summary>Makes a delivery (dead, delivered or failing) due again now with a fresh count of attempts; returns whether it exists.</summary>
    public Task<bool> RedeliverAsync(string deliveryId, string consumer, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(async session =>
        {
            await using var update = session.CreateCommand(
                "UPDATE _outbox_deliveries SET status = 'pending', attempts = 0, next_attempt = @now, locked_until = NULL WHERE id = @id AND consumer = @consumer");
            update.AddParameter("now", session.Dialect.Timestamp(now)).AddParameter("id", deliveryId).AddParameter("consumer", consumer);
            return await update.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, cancellationToken);

    /// <summary>
    /// Deletes finished deliveries, and events without open deliveries, older than <paramref name="before"/>. The rows go
    /// <see cref="PruneChunk"/> at a time, each chunk its own short write, so that a large backlog never holds SQLite's
    /// writer for long; their ids are time-ordered, so the primary key finds the old rows and <c>created</c> decides.
    /// </summary>
    public async Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var bound = RandomId.TimeBound(before);
        var removed = await PruneChunksAsync(
            "DELETE FROM _outbox_deliveries WHERE id IN (SELECT id FROM _outbox_deliveries WHERE id < @bound AND created < @before AND status <> 'pending' LIMIT @n)",
            bound, before, cancellationToken);
        return removed + await PruneChunksAsync(
            "DELETE FROM _outbox WHERE id IN (SELECT e.id FROM _outbox e WHERE e.id < @bound AND e.created < @before AND e.dispatched = true " +
            "AND NOT EXISTS (SELECT 1 FROM _outbox_deliveries d WHERE d.event_id = e.id) LIMIT @n)",
            OutboxWriter.EventIdPrefix + bound, before, cancellationToken);
    }

    /// <summary>Rows deleted per write while pruning.</summary>
    private const int PruneChunk = 1000;

    private async Task<int> PruneChunksAsync(string sql, string bound, DateTimeOffset before, CancellationToken cancellationToken)
    {
        var removed = 0;
        int chunk;
        do
        {
            chunk = await database.WriteAsync(async session =>
            {
                await using var delete = session.CreateCommand(sql);
                delete.AddParameter("bound", bound).AddParameter("before", session.Dialect.Timestamp(before)).AddParameter("n", PruneChunk);
                return await delete.ExecuteNonQueryAsync(cancellationToken);
            }, cancellationToken);
            removed += chunk;
        }
        while (chunk == PruneChunk);

        return removed;
    }

    /// <summary>Open work (events not yet fanned out plus pending deliveries) and the age of its oldest item.</summary>
    public async Task<(long Depth, DateTimeOffset? Oldest)> DepthAsync(CancellationToken cancellationToken)
    {
        await using var lease = await database.LeaseAsync(cancellationToken);
        await using var command = lease.CreateCommand(
            "SELECT (SELECT COUNT(*) FROM _outbox WHERE dispatched = false) + (SELECT COUNT(*) FROM _outbox_deliveries WHERE status = 'pending'), " +
            "(SELECT MIN(created) FROM _outbox WHERE dispatched = false), (SELECT MIN(created) FROM _outbox_deliveries WHERE status = 'pending')");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var depth = reader.GetInt64(0);
        DateTimeOffset? oldest = null;
        for (var i = 1; i <= 2; i++)
        {
            if (!reader.IsDBNull(i) && database.Dialect.ReadTimestamp(reader, i) is var at && (oldest is null || at < oldest))
            {
                oldest = at;
            }
        }

        return (depth, oldest);
    }

    internal static OutboxEvent ReadEvent(DbDataReader reader, SqlDialect dialect, int first) =>
        new(reader.GetString(first), reader.GetString(first + 1), reader.GetString(first + 2), reader.GetString(first + 3), dialect.ReadTimestamp(reader, first + 4),
            (int)reader.GetInt64(first + 5));

    private static string ConsumerFilter(DbCommand command, IReadOnlyList<IOutboxConsumer> consumers)
    {
        var sql = new StringBuilder("1 = 0");
        var n = 0;
        foreach (var consumer in consumers)
        {
            if (consumer.DeliverableKeys is not { } keys)
            {
                command.AddParameter("k" + n, consumer.Prefix + "%");
                sql.Append($" OR d.consumer LIKE @k{n++}");
                continue;
            }

            foreach (var key in keys)
            {
                command.AddParameter("k" + n, key);
                sql.Append($" OR d.consumer = @k{n++}");
            }
        }

        return sql.ToString();
    }
}
