using FastCms.Data;

namespace FastCms.Outbox;

/// <summary>
/// A committed event as the outbox stores it; <see cref="Payload"/> is the JSON every consumer receives. <see cref="Depth"/>
/// is how deep in hook-triggered writes the write was, so that a durable handler's own writes count one level deeper and
/// handlers that trigger each other stop at the hook depth limit, as in-memory hooks do.
/// </summary>
internal sealed record OutboxEvent(string Id, string Type, string Collection, string Payload, DateTimeOffset Created, int Depth);

/// <summary>One event on its way to one consumer, as the dispatcher hands it over.</summary>
/// <param name="Consumer">The consumer's key, such as <c>webhook:{id}</c> or <c>handler:{plugin}/{name}</c>.</param>
/// <param name="Attempt">1 for the first attempt.</param>
internal sealed record OutboxDelivery(string Id, string Consumer, int Attempt, OutboxEvent Event);

/// <summary>What one attempt achieved; a failed attempt is tried again later unless it was the last.</summary>
internal sealed record DeliveryResult(bool Succeeded, int? ResponseCode = null, string? ResponseBody = null, string? Error = null, TimeSpan Latency = default);

/// <summary>An attempt made, to be stored: its result and, for a failure that is tried again, when (<c>null</c>: done or dead).</summary>
internal sealed record DeliveryOutcome(OutboxDelivery Delivery, DeliveryResult Result, DateTimeOffset? RetryAt)
{
    /// <summary>The status the attempt leaves its delivery in: delivered, pending again for a retry, or dead when it has none.</summary>
    public string Status => Result.Succeeded ? "delivered" : RetryAt is null ? "dead" : "pending";
}

/// <summary>
/// A kind of receiver of committed events (webhooks, durable plugin handlers). The dispatcher asks each consumer, in the
/// transaction that takes new events, which of its targets an event goes to, and later hands each target its deliveries.
/// </summary>
internal interface IOutboxConsumer
{
    /// <summary>The start of every key this consumer owns, such as <c>webhook:</c>.</summary>
    string Prefix { get; }

    /// <summary>
    /// Whether an event of <paramref name="type"/> on <paramref name="collection"/> may go to one of the targets configured
    /// now (<c>true</c> when unsure). Asked on every record write, so it must answer from cached values; an event nobody
    /// may want is not written to the outbox at all.
    /// </summary>
    bool Wants(string type, string collection);

    /// <summary>The keys this instance can deliver to now, or <c>null</c> for every key with <see cref="Prefix"/>.</summary>
    IReadOnlyCollection<string>? DeliverableKeys { get; }

    /// <summary>
    /// Reads what the targets are (through the connection that took the events) and returns which keys each of <paramref name="events"/>
    /// (taken in that transaction, payloads included) goes to.
    /// </summary>
    Task<Func<OutboxEvent, IEnumerable<string>>> MatcherAsync(DbLease lease, IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken);

    /// <summary>Makes one attempt. Must not throw for a failing receiver: it answers with a failed result.</summary>
    Task<DeliveryResult> DeliverAsync(OutboxDelivery delivery, CancellationToken cancellationToken);
}
