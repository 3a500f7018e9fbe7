using FastCms.Events;
using FastCms.Plugins.Events;

namespace FastCms.PluginHost.Registration;

/// <summary>
/// The record hooks one registration stages. Each handler answers to the registration's <see cref="PluginMount"/>, so
/// withdrawing the plugin silences its hooks at once, even a dispatch already holding the old hook list.
/// </summary>
internal sealed class StagedHooks(string owner, HookRegistry registry, PluginMount mount)
{
    private readonly List<BeforeHook> _before = [];
    private readonly List<AfterHook> _after = [];
    private readonly List<AnyEventHook> _any = [];

    public IEnumerable<IRegisteredHook> All => _before.Cast<IRegisteredHook>().Concat(_after).Concat(_any);

    public void AddBefore(RecordOperation operation, string? collection, RecordChangeHandler handler, int priority)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _before.Add(new BeforeHook(owner, operation, NullIfEmpty(collection), priority, registry.NextSequence(),
            (change, ct) => mount.IsLive ? handler(change, ct) : ValueTask.CompletedTask));
    }

    public void AddAfter(string eventType, string? collection, RecordEventHandler handler, int priority)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _after.Add(new AfterHook(owner, eventType, NullIfEmpty(collection), priority, registry.NextSequence(),
            (e, ct) => mount.IsLive ? handler(e, ct) : ValueTask.CompletedTask));
    }

    public void AddAny(FastCmsEventHandler handler, int priority)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _any.Add(new AnyEventHook(owner, priority, registry.NextSequence(), (e, ct) => mount.IsLive ? handler(e, ct) : ValueTask.CompletedTask));
    }

    public void Commit() => registry.AddRange(_before, _after, _any);

    private static string? NullIfEmpty(string? collection) => string.IsNullOrEmpty(collection) ? null : collection;
}
