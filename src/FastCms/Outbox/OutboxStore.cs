using System.Data.Common;
using FastCms.Data;

namespace FastCms.Outbox;

/// <summary>What one fan-out took: how many events and deliveries, and the deliveries it took for this instance at once.</summary>
internal sealed record FanOut(int Events, int Deliveries, List<OutboxDelivery> Claimed);

/// <summary>
/// The outbox's SQL. Work is taken in short transactions: on PostgreSQL with <c>FOR UPDATE SKIP LOCKED</c>, so that
/// instances sharing the database never take the same row; on SQLite (one instance, one writer at a time) the write gate
/// alone serialises takers. A taken delivery carries a lease, so that a crashed instance's work is taken again.
/// </summary>
internal sealed class OutboxStore(Database database)
{
    // Rows per INSERT and ids per IN list; keeps the parameter count far below both databases' limits.
    internal const int RowsPerStatement = 100;

    private string SkipLocked(string table) => database.Provider == DatabaseProvider.Postgres ? $" FOR UPDATE OF {table} SKIP LOCKED" : "";

    /// <summary>
    /// Takes up to <paramref name="maxEvents"/> new events and records one delivery per matching consumer target; the first
    /// <paramref name="claim"/> of them are recorded as already taken by this instance (attempt 1 under a lease), which
    /// saves the separate transaction that would take them, and returned for delivery at once.
    /// </summary>
    public Task<FanOut> FanOutAsync(
        IReadOnlyList<IOutboxConsumer> consumers, int maxEvents, int claim, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken) =>
        database.WriteAsync(async session =>
        {
            var dialect = session.Dialect;
            var events = new List<OutboxEvent>();
            await using (var select = session.CreateCommand(
                "SELECT e.id, e.type, e.collection, e.payload, e.created FROM _outbox e WHERE e.dispatched = @f ORDER BY e.created LIMIT @n" + SkipLocked("e")))
            {
                select.AddParameter("f", false).AddParameter("n", maxEvents);
                await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    events.Add(ReadEvent(reader, dialect, 0));
                }
            }

            if (events.Count == 0)
            {
                return new FanOut(0, 0, []);
            }

            var matchers = new List<Func<OutboxEvent, IEnumerable<string>>>();
            foreach (var consumer in consumers)
            {
                matchers.Add(await consumer.MatcherAsync(session, events, cancellationToken));
            }

            var deliveries = events.SelectMany(e => matchers.SelectMany(m => m(e)).Select(key => new OutboxDelivery(RandomId.New(), key, 1, e))).ToList();
            for (var start = 0; start < deliveries.Count; start += RowsPerStatement)
            {
                var chunk = deliveries.Skip(start).Take(RowsPerStatement).ToList();
                await using var insert = session.CreateCommand(
                    "INSERT INTO _outbox_deliveries (id, event_id, consumer, status, attempts, next_attempt, locked_until, last_attempt, created) VALUES " +
                    string.Join(", ", chunk.Select((_, i) => start + i < claim ? $"(@d{i}, @e{i}, @k{i}, 'pending', 1, @now, @until, @now, @now)" : $"(@d{i}, @e{i}, @k{i}, 'pending', 0, @now, NULL, NULL, @now)")) +
                    " ON CONFLICT (event_id, consumer) DO NOTHING");
                insert.AddParameter("now", dialect.Timestamp(now)).AddParameter("until", dialect.Timestamp(now + lease));
                for (var i = 0; i < chunk.Count; i++)
                {
                    insert.AddParameter($"d{i}", chunk[i].Id).AddParameter($"e{i}", chunk[i].Event.Id).AddParameter($"k{i}", chunk[i].Consumer);
                }

                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            // An event no consumer wants has nothing to deliver or redeliver: it goes now, which keeps the table small.
            var wanted = deliveries.Select(d => d.Event.Id).ToHashSet(StringComparer.Ordinal);
            await MarkAsync(session, "UPDATE _outbox SET dispatched = @t WHERE id IN", [.. events.Where(e => wanted.Contains(e.Id))], cancellationToken);
            await MarkAsync(session, "DELETE FROM _outbox WHERE id IN", [.. events.Where(e => !wanted.Contains(e.Id))], cancellationToken);
            return new FanOut(events.Count, deliveries.Count, deliveries.Take(claim).ToList());
        }, cancellationToken);

    /// <summary>
    /// Whether there may be work, asked without a write transaction: on SQLite a taker holds the one write gate that
    /// record writes wait for, so it is taken only when there is something to take.
    /// </summary>
    public async Task<(bool NewEvents, bool DueDeliveries)> PeekAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var lease = await database.LeaseAsync(cancellationToken);
        await using var command = lease.CreateCommand(
            "SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM _outbox WHERE dispatched = @f LIMIT 1) e), " +
            "(SELECT COUNT(*) FROM (SELECT 1 FROM _outbox_deliveries WHERE status = 'pending' AND next_attempt <= @now " +
            "AND (locked_until IS NULL OR locked_until < @now) LIMIT 1) d)");
        command.AddParameter("f", false).AddParameter("now", database.Dialect.Timestamp(now));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0) > 0, reader.GetInt64(1) > 0);
    }

    /// <summary>Makes a delivery (dead, delivered or failing) due again now with a fresh count of attempts; returns whether it exists.</summary>
    public Task<bool> RedeliverAsync(string deliveryId, string consumer, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(async session =>
        {
            await using var update = session.CreateCommand(
                "UPDATE _outbox_deliveries SET status = 'pending', attempts = 0, next_attempt = @now, locked_until = NULL WHERE id = @id AND consumer = @consumer");
            update.AddParameter("now", session.Dialect.Timestamp(now)).AddParameter("id", deliveryId).AddParameter("consumer", consumer);
            return await update.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, cancellationToken);

    /// <summary>Deletes finished deliveries, and events without open deliveries, older than <paramref name="before"/>.</summary>
    public Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        database.WriteAsync(async session =>
        {
            var cutoff = session.Dialect.Timestamp(before);
            await using var deliveries = session.CreateCommand("DELETE FROM _outbox_deliveries WHERE created < @before AND status <> 'pending'");
            deliveries.AddParameter("before", cutoff);
            var removed = await deliveries.ExecuteNonQueryAsync(cancellationToken);
            await using var events = session.CreateCommand(
                "DELETE FROM _outbox WHERE created < @before AND dispatched = @t AND NOT EXISTS (SELECT 1 FROM _outbox_deliveries d WHERE d.event_id = _outbox.id)");
            events.AddParameter("before", cutoff).AddParameter("t", true);
            return removed + await events.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    /// <summary>Open work (events not yet fanned out plus pending deliveries) and the age of its oldest item.</summary>
    public async Task<(long Depth, DateTimeOffset? Oldest)> DepthAsync(CancellationToken cancellationToken)
    {
        await using var lease = await database.LeaseAsync(cancellationToken);
        await using var command = lease.CreateCommand(
            "SELECT (SELECT COUNT(*) FROM _outbox WHERE dispatched = @f) + (SELECT COUNT(*) FROM _outbox_deliveries WHERE status = 'pending'), " +
            "(SELECT MIN(created) FROM _outbox WHERE dispatched = @f), (SELECT MIN(created) FROM _outbox_deliveries WHERE status = 'pending')");
        command.AddParameter("f", false);
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

    private static async Task MarkAsync(DbSession session, string sql, List<OutboxEvent> events, CancellationToken cancellationToken)
    {
        foreach (var chunk in events.Chunk(RowsPerStatement * 5))
        {
            await using var command = session.CreateCommand(sql + " (" + string.Join(", ", chunk.Select((_, i) => $"@e{i}")) + ")");
            command.AddParameter("t", true);
            for (var i = 0; i < chunk.Length; i++)
            {
                command.AddParameter($"e{i}", chunk[i].Id);
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    internal static OutboxEvent ReadEvent(DbDataReader reader, SqlDialect dialect, int first) =>
        new(reader.GetString(first), reader.GetString(first + 1), reader.GetString(first + 2), reader.GetString(first + 3), dialect.ReadTimestamp(reader, first + 4));
}
