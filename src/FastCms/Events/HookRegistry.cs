using System.Collections.Concurrent;
using System.Collections.Immutable;
using FastCms.Plugins.Events;

namespace FastCms.Events;

/// <summary>What every registered handler has: who registered it and where it runs in the order.</summary>
internal interface IRegisteredHook
{
    /// <summary>A plugin id, <c>hooks/&lt;file&gt;</c> or <c>core</c>.</summary>
    string Owner { get; }

    int Priority { get; }

    long Sequence { get; }
}

internal sealed record BeforeHook(string Owner, RecordOperation Operation, string? Collection, int Priority, long Sequence, RecordChangeHandler Handler)
    : IRegisteredHook;

/// <summary>A registered after-hook for one event type (<c>record.created</c>, …).</summary>
internal sealed record AfterHook(string Owner, string EventType, string? Collection, int Priority, long Sequence, RecordEventHandler Handler)
    : IRegisteredHook;

internal sealed record AnyEventHook(string Owner, int Priority, long Sequence, FastCmsEventHandler Handler) : IRegisteredHook;

/// <summary>
/// Every record hook in the process. Handlers run by descending priority, then in registration order
/// (plugin load order). Lookups are cached per operation and collection, so dispatch neither sorts nor
/// filters; a registration (rare) replaces the whole immutable set, caches included.
/// </summary>
internal sealed class HookRegistry
{
    private readonly Lock _gate = new();
    private HookSet _set = new([], [], []);
    private long _sequence;

    public long NextSequence() => Interlocked.Increment(ref _sequence);

    /// <summary>Adds hooks together, so that a plugin's hooks become active all at once.</summary>
    public void AddRange(IEnumerable<BeforeHook> before, IEnumerable<AfterHook> after, IEnumerable<AnyEventHook> any)
    {
        lock (_gate)
        {
            _set = new HookSet(
                Order(_set.Before.AddRange(before)),
                Order(_set.After.AddRange(after)),
                Order(_set.Any.AddRange(any)));
        }
    }

    /// <summary>Removes every hook of an owner (a plugin being disabled or failing to register).</summary>
    public void RemoveOwner(string owner)
    {
        lock (_gate)
        {
            _set = new HookSet(
                _set.Before.RemoveAll(h => h.Owner == owner),
                _set.After.RemoveAll(h => h.Owner == owner),
                _set.Any.RemoveAll(h => h.Owner == owner));
        }
    }

    public ImmutableArray<BeforeHook> Before(RecordOperation operation, string collection) => _set.BeforeFor(operation, collection);

    public ImmutableArray<AfterHook> After(string eventType, string collection) => _set.AfterFor(eventType, collection);

    public ImmutableArray<AnyEventHook> Any() => _set.Any;

    public IEnumerable<IRegisteredHook> OwnedBy(string owner)
    {
        var set = _set;
        return set.Before.Cast<IRegisteredHook>().Concat(set.After).Concat(set.Any).Where(h => h.Owner == owner);
    }

    private static ImmutableArray<T> Order<T>(ImmutableArray<T> hooks) where T : IRegisteredHook =>
        [.. hooks.OrderByDescending(h => h.Priority).ThenBy(h => h.Sequence)];

    private sealed class HookSet(ImmutableArray<BeforeHook> before, ImmutableArray<AfterHook> after, ImmutableArray<AnyEventHook> any)
    {
        private readonly ConcurrentDictionary<(RecordOperation, string), ImmutableArray<BeforeHook>> _beforeCache = new();
        private readonly ConcurrentDictionary<(string, string), ImmutableArray<AfterHook>> _afterCache = new();

        public ImmutableArray<BeforeHook> Before { get; } = before;

        public ImmutableArray<AfterHook> After { get; } = after;

        public ImmutableArray<AnyEventHook> Any { get; } = any;

        public ImmutableArray<BeforeHook> BeforeFor(RecordOperation operation, string collection) =>
            _beforeCache.GetOrAdd((operation, collection), static (key, all) =>
                [.. all.Where(h => h.Operation == key.Item1 && (h.Collection is null || h.Collection == key.Item2))], Before);

        public ImmutableArray<AfterHook> AfterFor(string eventType, string collection) =>
            _afterCache.GetOrAdd((eventType, collection), static (key, all) =>
                [.. all.Where(h => h.EventType == key.Item1 && (h.Collection is null || h.Collection == key.Item2))], After);
    }
}
