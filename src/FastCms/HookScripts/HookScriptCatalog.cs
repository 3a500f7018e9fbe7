using System.Collections.Immutable;
using FastCms.PluginHost;
using FastCms.PluginHost.Lifecycle;

namespace FastCms.HookScripts;

/// <summary>A hook script file and what became of it: an immutable snapshot, with the same lifecycle states as a plugin.</summary>
/// <param name="File">The file name, such as <c>audit.cs</c>.</param>
/// <param name="Owner"><c>hooks/{file name without .cs}</c>: the owner of its hooks and jobs.</param>
internal sealed record HookScriptInfo(string File, string Owner)
{
    public PluginState State { get; init; } = PluginState.Discovered;

    public PluginStatus Status => State.Status;

    public string? Error => State.Failure?.Message;

    public IReadOnlyList<string> Diagnostics => State.Failure?.Diagnostics ?? [];

    public bool? CacheHit { get; init; }

    public double BuildMilliseconds { get; init; }

    public IReadOnlyList<HookResponse> Hooks { get; init; } = [];

    public IReadOnlyList<ScriptJobResponse> Jobs { get; init; } = [];

    public HookScriptInfo Failed(PluginFailure failure) => this with { State = State.Fail(failure) };
}

/// <param name="Phase"><c>before</c>, <c>after</c> or <c>any</c> (every committed event).</param>
/// <param name="Event">The event, such as <c>record.created</c>; <c>null</c> for <c>any</c>.</param>
/// <param name="Collection">The collection, or <c>null</c> for every collection.</param>
internal sealed record HookResponse(string Phase, string? Event, string? Collection, int Priority);

internal sealed record ScriptJobResponse(string Name, string Schedule);

/// <summary>Every hook script found at startup, in load order.</summary>
internal sealed class HookScriptCatalog
{
    private ImmutableArray<HookScriptInfo> _scripts = [];

    public ImmutableArray<HookScriptInfo> Scripts => _scripts;

    public void Set(IEnumerable<HookScriptInfo> scripts) => _scripts = [.. scripts];
}
