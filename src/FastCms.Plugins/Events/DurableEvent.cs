using System.Text.Json.Nodes;

namespace FastCms.Plugins.Events;

/// <summary>
/// A committed record event taken from the durable outbox. The same event may arrive more than once (after a failed
/// attempt, or when the server stopped mid-attempt); <see cref="Id"/> is the same each time, so a handler that must
/// act once stores the ids it has handled.
/// </summary>
/// <param name="Id">The event's id, stable across attempts and the same one webhooks send as <c>webhook-id</c>.</param>
/// <param name="Type"><c>record.created</c>, <c>record.updated</c> or <c>record.deleted</c>.</param>
/// <param name="Collection">The collection name.</param>
/// <param name="Record">The record's public fields after the change (for deletes: as it was).</param>
/// <param name="Previous">For updates: the record before the change; otherwise <c>null</c>.</param>
/// <param name="Timestamp">When the change was committed (UTC).</param>
/// <param name="Attempt">1 on the first attempt, then 2, 3, …</param>
public sealed record DurableEvent(
    string Id,
    string Type,
    string Collection,
    JsonObject Record,
    JsonObject? Previous,
    DateTimeOffset Timestamp,
    int Attempt)
{
    /// <summary>The record id.</summary>
    public string RecordId => Record["id"]?.GetValue<string>() ?? "";
}

/// <summary>
/// A durable after-commit handler. Completing the task acknowledges the event; throwing (or exceeding the time allowed)
/// makes the host try again later with backoff, up to the outbox's last attempt.
/// </summary>
/// <param name="event">The event.</param>
/// <param name="cancellationToken">Cancelled when the server stops.</param>
public delegate Task DurableEventHandler(DurableEvent @event, CancellationToken cancellationToken);
