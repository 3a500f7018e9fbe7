using System.Collections.Immutable;
using FastCms.PluginHost;

namespace FastCms.HookScripts;

/// <summary>A hook script file and what became of it.</summary>
internal sealed class HookScriptInfo(string file, string owner)
{
    /// <summary>The file name, such as <c>audit.cs</c>.</summary>
    public string File { get; } = file;

    /// <summary><c>hooks/{file name without .cs}</c>: the owner of its hooks and jobs.</summary>
    public string Owner { get; } = owner;

    public PluginStatus Status { get; set; } = PluginStatus.Active;

    public string? Error { get; set; }

    public IReadOnlyList<string> Diagnostics { get; set; } = [];

    public bool? CacheHit { get; set; }

    public double BuildMilliseconds { get; set; }

    public IReadOnlyList<HookResponse> Hooks { get; set; } = [];

    public IReadOnlyList<ScriptJobResponse> Jobs { get; set; } = [];

    public void Fail(PluginStatus status, string error, IReadOnlyList<string>? diagnostics = null)
    {
        Status = status;
        Error = error;
        Diagnostics = diagnostics ?? [];
    }
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
