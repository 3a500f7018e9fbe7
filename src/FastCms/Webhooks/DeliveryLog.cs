using FastCms.Data;

namespace FastCms.Webhooks;

/// <summary>One delivery of one event to one consumer, with its last attempt's outcome.</summary>
internal sealed record DeliveryEntry(
    string Id,
    string EventId,
    string Type,
    string Collection,
    string Status,
    int Attempts,
    DateTimeOffset? NextAttempt,
    DateTimeOffset? LastAttempt,
    int? ResponseCode,
    long? LatencyMs,
    string? ResponseBody,
    string? Error,
    DateTimeOffset Created);

/// <summary>Delivery counts of one durable plugin handler.</summary>
internal sealed record HandlerDeliveries(string Plugin, string Handler, long Pending, long Delivered, long Dead, long Retrying, string? LastError);

/// <summary>Reads the outbox's deliveries for the admin: a webhook's log, and the durable handlers' state.</summary>
internal sealed class DeliveryLog(Database database)
{
    public const int PageSize = 50;

    public async Task<List<DeliveryEntry>> ListAsync(string consumer, string? status, int page, CancellationToken cancellationToken)
    {
        var dialect = database.Dialect;
        await using var lease = await database.LeaseAsync(cancellationToken);
        await using var command = lease.CreateCommand(
            "SELECT d.id, d.event_id, e.type, e.collection, d.status, d.attempts, d.next_attempt, d.last_attempt, d.response_code, d.latency_ms, " +
            "d.response_body, d.error, d.created FROM _outbox_deliveries d JOIN _outbox e ON e.id = d.event_id WHERE d.consumer = @consumer" +
            (status is null ? "" : " AND d.status = @status") + " ORDER BY d.created DESC, d.id LIMIT @limit OFFSET @offset");
        command.AddParameter("consumer", consumer).AddParameter("status", status)
            .AddParameter("limit", PageSize).AddParameter("offset", (Math.Max(page, 1) - 1) * PageSize);
        var entries = new List<DeliveryEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var state = reader.GetString(4);
            entries.Add(new DeliveryEntry(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), state, (int)reader.GetInt64(5),
                state == "pending" ? dialect.ReadTimestamp(reader, 6) : null,
                reader.IsDBNull(7) ? null : dialect.ReadTimestamp(reader, 7),
                reader.IsDBNull(8) ? null : (int)reader.GetInt64(8),
                reader.IsDBNull(9) ? null : reader.GetInt64(9),
                reader.GetNullableString(10), reader.GetNullableString(11), dialect.ReadTimestamp(reader, 12)));
        }

        return entries;
    }

    public async Task<List<HandlerDeliveries>> HandlersAsync(CancellationToken cancellationToken)
    {
        await using var lease = await database.LeaseAsync(cancellationToken);
        await using var command = lease.CreateCommand(
            "SELECT consumer, SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), SUM(CASE WHEN status = 'delivered' THEN 1 ELSE 0 END), " +
            "SUM(CASE WHEN status = 'dead' THEN 1 ELSE 0 END), SUM(CASE WHEN status = 'pending' AND attempts > 0 THEN 1 ELSE 0 END), " +
            "MAX(CASE WHEN error IS NOT NULL AND status <> 'delivered' THEN error END) " +
            "FROM _outbox_deliveries WHERE consumer LIKE 'handler:%' GROUP BY consumer ORDER BY consumer");
        var handlers = new List<HandlerDeliveries>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = reader.GetString(0)["handler:".Length..];
            var slash = key.LastIndexOf('/');
            handlers.Add(new HandlerDeliveries(key[..slash], key[(slash + 1)..],
                Convert.ToInt64(reader.GetValue(1)), Convert.ToInt64(reader.GetValue(2)), Convert.ToInt64(reader.GetValue(3)),
                Convert.ToInt64(reader.GetValue(4)), reader.GetNullableString(5)));
        }

        return handlers;
    }
}
