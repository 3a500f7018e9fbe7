using FastCms.Data;

namespace FastCms.Outbox;

/// <summary>
/// Takes new events, makes the first attempt of every delivery this instance can make, and then records each delivery
/// with its outcome and the events as dispatched, in one write. Recording after the attempt spares every delivery a
/// second write; an attempt whose record is lost (a crash in between) is made again with the same event id, which
/// receivers deduplicate on, as they must for any retry.
/// <para>
/// Who owns a taken event while it is being delivered: on PostgreSQL the transaction that took it with
/// <c>FOR UPDATE SKIP LOCKED</c> and stays open until the outcomes are recorded, so another instance skips it, and a
/// crash releases it. On SQLite the one dispatcher of the one instance takes it with a read, so the single writer is
/// held only for the record.
/// </para>
/// </summary>
internal sealed class OutboxFanOut(Database database)
{
    /// <summary>
    /// One batch of new events: hands the deliveries this instance can make to <paramref name="attempt"/> and records
    /// all of them. A delivery for a consumer this instance cannot serve is recorded pending, for an instance that can.
    /// Attempts that were made are recorded even when the server is stopping, so that the next start does not repeat them.
    /// </summary>
    public async Task<FanOut> RunAsync(IReadOnlyList<IOutboxConsumer> consumers, int batchSize, TimeProvider clock,
        Func<List<OutboxDelivery>, Task<DeliveryOutcome[]>> attempt, CancellationToken cancellationToken)
    {
        if (database.Provider == DatabaseProvider.Postgres)
        {
            return await database.WriteAsync(async session =>
            {
                var batch = await TakeAsync(session.Lease(), " FOR UPDATE OF e SKIP LOCKED", consumers, batchSize, clock.GetUtcNow(), cancellationToken);
                var outcomes = batch.Events.Count == 0 ? [] : await attempt(batch.Here);
                await RecordAsync(session, batch, outcomes, clock.GetUtcNow(), CancellationToken.None);
                return batch.Result(outcomes.Length);
            }, CancellationToken.None);
        }

        Batch taken;
        await using (var lease = await database.LeaseAsync(cancellationToken))
        {
            taken = await TakeAsync(lease, "", consumers, batchSize, clock.GetUtcNow(), cancellationToken);
        }

        if (taken.Events.Count == 0)
        {
            return taken.Result(0);
        }

        var made = await attempt(taken.Here);
        await database.WriteInGroupAsync(session => RecordAsync(session, taken, made, clock.GetUtcNow(), CancellationToken.None), CancellationToken.None);
        return taken.Result(made.Length);
    }

    private async Task<Batch> TakeAsync(DbLease lease, string locking, IReadOnlyList<IOutboxConsumer> consumers, int batchSize, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var events = new List<OutboxEvent>();
        await using (var select = lease.CreateCommand(
            "SELECT e.id, e.type, e.collection, e.payload, e.created, e.depth FROM _outbox e WHERE e.dispatched = false ORDER BY e.created LIMIT @n" + locking))
        {
            select.AddParameter("n", batchSize);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                events.Add(OutboxStore.ReadEvent(reader, database.Dialect, 0));
            }
        }

        var here = new List<OutboxDelivery>();
        var elsewhere = new List<(OutboxEvent Event, string Key)>();
        if (events.Count == 0)
        {
            return new Batch(events, here, elsewhere, now);
        }

        var matchers = new List<Func<OutboxEvent, IEnumerable<string>>>();
        foreach (var consumer in consumers)
        {
            matchers.Add(await consumer.MatcherAsync(lease, events, cancellationToken));
        }

        foreach (var e in events)
        {
            foreach (var key in matchers.SelectMany(m => m(e)))
            {
                if (CanDeliver(consumers, key))
                {
                    here.Add(new OutboxDelivery(RandomId.TimeOrdered(now), key, 1, e));
                }
                else
                {
                    elsewhere.Add((e, key));
                }
            }
        }

        return new Batch(events, here, elsewhere, now);
    }

    private static async Task RecordAsync(DbSession session, Batch batch, DeliveryOutcome[] outcomes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (batch.Events.Count == 0)
        {
            return;
        }

        var dialect = session.Dialect;
        var rows = outcomes.Select(o => Row.Attempted(o, batch.Taken, now))
            .Concat(batch.Elsewhere.Select(d => Row.Waiting(RandomId.TimeOrdered(batch.Taken), d.Event.Id, d.Key, now)))
            .ToList();
        // Ten rows (130 parameters) per statement: SQLite finds each parameter by a scan of the statement's parameters, so
        // a statement's binding time grows with the square of its parameters.
        for (var start = 0; start < rows.Count; start += 10)
        {
            var chunk = rows.GetRange(start, Math.Min(10, rows.Count - start));
            await using var insert = session.CreateCommand(
                "INSERT INTO _outbox_deliveries (id, event_id, consumer, status, attempts, next_attempt, locked_until, last_attempt, response_code, latency_ms, " +
                "response_body, error, created) VALUES " +
                string.Join(", ", chunk.Select((_, i) => $"(@d{i}, @e{i}, @k{i}, @s{i}, @a{i}, @n{i}, NULL, @l{i}, @c{i}, @ms{i}, @b{i}, @x{i}, @created)")) +
                " ON CONFLICT (event_id, consumer) DO NOTHING");
            insert.AddParameter("created", dialect.Timestamp(batch.Taken));
            for (var i = 0; i < chunk.Count; i++)
            {
                var row = chunk[i];
                insert.AddParameter($"d{i}", row.Id).AddParameter($"e{i}", row.EventId).AddParameter($"k{i}", row.Consumer).AddParameter($"s{i}", row.Status)
                    .AddParameter($"a{i}", (long)row.Attempts).AddParameter($"n{i}", dialect.Timestamp(row.NextAttempt))
                    .AddParameter($"l{i}", row.LastAttempt is { } at ? dialect.Timestamp(at) : null)
                    .AddParameter($"c{i}", row.ResponseCode is { } code ? (long)code : null)
                    .AddParameter($"ms{i}", row.LatencyMs).AddParameter($"b{i}", row.ResponseBody).AddParameter($"x{i}", row.Error);
            }

            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        // An event no consumer wants has nothing to deliver or redeliver: it goes now, which keeps the table small.
        var wanted = rows.Select(r => r.EventId).ToHashSet(StringComparer.Ordinal);
        await MarkAsync(session, "UPDATE _outbox SET dispatched = @t WHERE id IN", [.. batch.Events.Where(e => wanted.Contains(e.Id))], cancellationToken);
        await MarkAsync(session, "DELETE FROM _outbox WHERE id IN", [.. batch.Events.Where(e => !wanted.Contains(e.Id))], cancellationToken);
    }

    private static async Task MarkAsync(DbSession session, string sql, List<OutboxEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }

        await using var command = session.CreateCommand(sql + " (" + string.Join(", ", events.Select((_, i) => $"@e{i}")) + ")");
        command.AddParameter("t", true);
        for (var i = 0; i < events.Count; i++)
        {
            command.AddParameter($"e{i}", events[i].Id);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static bool CanDeliver(IReadOnlyList<IOutboxConsumer> consumers, string key)
    {
        foreach (var consumer in consumers)
        {
            if (key.StartsWith(consumer.Prefix, StringComparison.Ordinal))
            {
                return consumer.DeliverableKeys is not { } keys || keys.Contains(key);
            }
        }

        return false;
    }

    /// <summary>Events taken at <see cref="Taken"/>, the deliveries this instance attempts, and those left for another.</summary>
    private sealed record Batch(List<OutboxEvent> Events, List<OutboxDelivery> Here, List<(OutboxEvent Event, string Key)> Elsewhere, DateTimeOffset Taken)
    {
        public FanOut Result(int attempted) => new(Events.Count, Here.Count + Elsewhere.Count, attempted);
    }

    /// <summary>A delivery row as the fan-out inserts it.</summary>
    private sealed record Row(string Id, string EventId, string Consumer, string Status, int Attempts, DateTimeOffset NextAttempt, DateTimeOffset? LastAttempt,
        int? ResponseCode, long? LatencyMs, string? ResponseBody, string? Error)
    {
        public static Row Attempted(DeliveryOutcome outcome, DateTimeOffset taken, DateTimeOffset now)
        {
            var (delivery, result, retryAt) = outcome;
            return new Row(delivery.Id, delivery.Event.Id, delivery.Consumer, outcome.Status, 1, retryAt ?? now, taken, result.ResponseCode,
                (long)result.Latency.TotalMilliseconds, result.ResponseBody, result.Error);
        }

        public static Row Waiting(string id, string eventId, string consumer, DateTimeOffset now) =>
            new(id, eventId, consumer, "pending", 0, now, null, null, null, null, null);
    }
}

/// <summary>What one fan-out did: events taken, deliveries recorded, and how many of them this instance attempted.</summary>
internal sealed record FanOut(int Events, int Deliveries, int Attempted);
