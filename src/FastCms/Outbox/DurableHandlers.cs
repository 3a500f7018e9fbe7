using System.Collections.Immutable;
using System.Diagnostics;
using System.Text.Json.Nodes;
using FastCms.Data;
using FastCms.Events;
using FastCms.Kernel;
using FastCms.Plugins.Events;

namespace FastCms.Outbox;

/// <summary>A plugin's durable handler: key <c>handler:{owner}/{name}</c> in the outbox.</summary>
internal sealed record DurableHandler(string Owner, string Name, string? Collection, DurableEventHandler Handler)
{
    public const string Prefix = "handler:";

    public string Key { get; } = Prefix + Owner + "/" + Name;
}

/// <summary>
/// The durable plugin handlers live in this process, as an outbox consumer. A plugin's handlers arrive together when it
/// becomes active and leave together when it is disabled; deliveries recorded for a handler that is not live wait (this
/// instance does not take them) until it is live again, and events committed while no instance had it live are not
/// recorded for it.
/// </summary>
internal sealed class DurableHandlers(ILogger<DurableHandlers> logger) : IOutboxConsumer
{
    private readonly Lock _gate = new();
    private volatile HandlerSet _set = new([]);

    public string Prefix => DurableHandler.Prefix;

    public bool Wants(string type, string collection)
    {
        if (!type.StartsWith("record.", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var handler in _set.All)
        {
            if (handler.Collection is null || handler.Collection == collection)
            {
                return true;
            }
        }

        return false;
    }

    public IReadOnlyCollection<string>? DeliverableKeys => _set.Keys;

    public ImmutableArray<DurableHandler> All => _set.All;

    public void AddRange(IEnumerable<DurableHandler> handlers)
    {
        lock (_gate)
        {
            _set = new HandlerSet(_set.All.AddRange(handlers));
        }
    }

    public void RemoveOwner(string owner)
    {
        lock (_gate)
        {
            _set = new HandlerSet(_set.All.RemoveAll(h => h.Owner == owner));
        }
    }

    public Task<Func<OutboxEvent, IEnumerable<string>>> MatcherAsync(DbLease lease, IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken)
    {
        var handlers = _set.All;
        return Task.FromResult<Func<OutboxEvent, IEnumerable<string>>>(e =>
            e.Type.StartsWith("record.", StringComparison.Ordinal)
                ? handlers.Where(h => h.Collection is null || h.Collection == e.Collection).Select(h => h.Key)
                : []);
    }

    public async Task<DeliveryResult> DeliverAsync(OutboxDelivery delivery, CancellationToken cancellationToken)
    {
        var handler = _set.All.FirstOrDefault(h => h.Key == delivery.Consumer);
        if (handler is null)
        {
            return new DeliveryResult(false, Error: "The handler is no longer registered on this instance.");
        }

        var payload = JsonNode.Parse(delivery.Event.Payload)!.AsObject();
        var @event = new DurableEvent(delivery.Event.Id, delivery.Event.Type, delivery.Event.Collection,
            payload["record"]!.AsObject(), payload["previous"]?.AsObject(), delivery.Event.Created, delivery.Attempt);
        var started = Stopwatch.GetTimestamp();
        try
        {
            // The handler's own writes are one level deeper than the write it hears of, as an in-memory after-hook's are.
            using var depth = HookDepth.Enter(delivery.Event.Depth + 1);
            await handler.Handler(@event, cancellationToken);
            return new DeliveryResult(true, Latency: Stopwatch.GetElapsedTime(started));
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            FastCmsMeter.HookErrors.Add(1, new TagList { { "plugin", handler.Owner }, { "event", @event.Type }, { "phase", "durable" } });
            logger.LogError(e, "Durable handler {Handler} of {Owner} failed on {EventId} (attempt {Attempt})", handler.Name, handler.Owner, @event.Id, @event.Attempt);
            return new DeliveryResult(false, Error: $"{e.GetType().Name}: {e.Message}", Latency: Stopwatch.GetElapsedTime(started));
        }
    }

    private sealed class HandlerSet(ImmutableArray<DurableHandler> all)
    {
        public ImmutableArray<DurableHandler> All { get; } = all;

        public IReadOnlyCollection<string> Keys { get; } = [.. all.Select(h => h.Key)];
    }
}
