using System.Collections.Concurrent;
using FastCms.Events;
using FastCms.Plugins.Events;
using FastCms.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FastCms.Tests.Records;

/// <summary>Registers hooks directly in the server's <see cref="HookRegistry"/> and records what after-hooks saw.</summary>
internal sealed class HookProbe(ServerFixture server, string owner = "test-hooks")
{
    private readonly HookRegistry _registry = server.Factory.Services.GetRequiredService<HookRegistry>();

    public ConcurrentQueue<RecordEvent> Seen { get; } = new();

    public ConcurrentQueue<FastCmsEvent> SeenByAny { get; } = new();

    public string Owner { get; } = owner;

    public void Before(RecordOperation operation, string collection, RecordChangeHandler handler, int priority = 0) =>
        _registry.AddRange([new BeforeHook(Owner, operation, collection, priority, _registry.NextSequence(), handler)], [], []);

    public void After(string eventType, string collection, RecordEventHandler? handler = null) =>
        _registry.AddRange([], [new AfterHook(Owner, eventType, collection, 0, _registry.NextSequence(), handler ?? Record)], []);

    /// <summary>Records every record event of <paramref name="collection"/>.</summary>
    public void AfterAll(string collection)
    {
        foreach (var type in new[] { EventTypes.RecordCreated, EventTypes.RecordUpdated, EventTypes.RecordDeleted })
        {
            After(type, collection);
        }
    }

    /// <summary>Records every event (records and collections) that <paramref name="filter"/> accepts.</summary>
    public void Any(Func<FastCmsEvent, bool> filter) =>
        _registry.AddRange([], [], [new AnyEventHook(Owner, 0, _registry.NextSequence(), (e, _) =>
        {
            if (filter(e))
            {
                SeenByAny.Enqueue(e);
            }

            return ValueTask.CompletedTask;
        })]);

    /// <summary>Waits until every committed event has gone through the after-hooks.</summary>
    public Task IdleAsync() => server.Factory.Services.GetRequiredService<EventQueue>().WhenIdleAsync(TestContext.Current.CancellationToken);

    private ValueTask Record(RecordEvent recordEvent, CancellationToken cancellationToken)
    {
        Seen.Enqueue(recordEvent);
        return ValueTask.CompletedTask;
    }
}
