using System.Data.Common;
using System.Text;
using FastCms.Data;

namespace FastCms.Outbox;

/// <summary>One attempt's outcome to store: delivered, pending again at <see cref="RetryAt"/>, or dead when that is <c>null</c>.</summary>
internal sealed record DeliveryOutcome(OutboxDelivery Delivery, DeliveryResult Result, DateTimeOffset? RetryAt);

/// <summary>
/// Taking due deliveries and storing what their attempts achieved, a batch per transaction: under write load every
/// transaction of the dispatcher waits for (and makes wait) the record writes, so it makes as few as it can.
/// </summary>
internal sealed class OutboxClaims(Database database)
{
    /// <summary>Takes due deliveries this instance can make, counting the attempt now (a crash mid-attempt still counts).</summary>
    public Task<List<OutboxDelivery>> ClaimAsync(IReadOnlyList<IOutboxConsumer> consumers, int batchSize, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken) =>
        database.WriteAsync(async session =>
        {
            var dialect = session.Dialect;
            var claimed = new List<OutboxDelivery>();
            await using (var select = session.CreateCommand(""))
            {
                select.CommandText =
                    "SELECT d.id, d.consumer, d.attempts, e.id, e.type, e.collection, e.payload, e.created FROM _outbox_deliveries d JOIN _outbox e ON e.id = d.event_id " +
                    "WHERE d.status = 'pending' AND d.next_attempt <= @now AND (d.locked_until IS NULL OR d.locked_until < @now) AND (" +
                    ConsumerFilter(select, consumers) + ") ORDER BY d.next_attempt LIMIT @n" +
                    (database.Provider == DatabaseProvider.Postgres ? " FOR UPDATE OF d SKIP LOCKED" : "");
                select.AddParameter("now", dialect.Timestamp(now)).AddParameter("n", batchSize);
                await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    claimed.Add(new OutboxDelivery(reader.GetString(0), reader.GetString(1), (int)reader.GetInt64(2) + 1, OutboxStore.ReadEvent(reader, dialect, 3)));
                }
            }

            foreach (var chunk in claimed.Chunk(OutboxStore.RowsPerStatement))
            {
                await using var take = session.CreateCommand(
                    "UPDATE _outbox_deliveries SET locked_until = @until, attempts = attempts + 1, last_attempt = @now WHERE id IN (" +
                    string.Join(", ", chunk.Select((_, i) => $"@i{i}")) + ")");
                take.AddParameter("until", dialect.Timestamp(now + lease)).AddParameter("now", dialect.Timestamp(now));
                for (var i = 0; i < chunk.Length; i++)
                {
                    take.AddParameter($"i{i}", chunk[i].Id);
                }

                await take.ExecuteNonQueryAsync(cancellationToken);
            }

            return claimed;
        }, cancellationToken);

    /// <summary>Stores the outcomes of a batch of attempts in one transaction.</summary>
    public Task CompleteAsync(IReadOnlyList<DeliveryOutcome> outcomes, CancellationToken cancellationToken) =>
        outcomes.Count == 0 ? Task.CompletedTask : database.WriteAsync(async session =>
        {
            // One statement per outcome, all in one commit: the commit, not the statement, is what record writes wait for.
            foreach (var outcome in outcomes)
            {
                await StoreAsync(session, outcome, cancellationToken);
            }
        }, cancellationToken);

    private static async Task StoreAsync(DbSession session, DeliveryOutcome outcome, CancellationToken cancellationToken)
    {
        var result = outcome.Result;
        await using var update = session.CreateCommand(
            "UPDATE _outbox_deliveries SET status = @status, locked_until = NULL, next_attempt = COALESCE(@next, next_attempt), response_code = @code, " +
            "latency_ms = @latency, response_body = @body, error = @error WHERE id = @id");
        update.AddParameter("status", result.Succeeded ? "delivered" : outcome.RetryAt is null ? "dead" : "pending")
            .AddParameter("next", outcome.RetryAt is { } at ? session.Dialect.Timestamp(at) : null)
            .AddParameter("code", result.ResponseCode is { } code ? (long)code : null)
            .AddParameter("latency", (long)result.Latency.TotalMilliseconds)
            .AddParameter("body", result.ResponseBody)
            .AddParameter("error", result.Error)
            .AddParameter("id", outcome.Delivery.Id);
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

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
