using FastCms.AdminShell;
using FastCms.PluginHost.Lifecycle;
using FastCms.Plugins;

namespace FastCms.PluginHost;

/// <summary>
/// What the host knows about one discovered plugin folder, whatever became of it: an immutable snapshot. A change makes
/// a new snapshot (the <see cref="PluginCatalog"/> swaps it in), so a reader never sees half a change.
/// </summary>
/// <param name="Folder">The folder name under the plugins directory.</param>
internal sealed record PluginInfo(string Folder, string Path, PluginKind Kind)
{
    public PluginState State { get; init; } = PluginState.Discovered;

    public PluginStatus Status => State.Status;

    public string? Error => State.Failure?.Message;

    public IReadOnlyList<string> Diagnostics => State.Failure?.Diagnostics ?? [];

    /// <summary>Known once the plugin's class was instantiated.</summary>
    public PluginMeta? Meta { get; init; }

    public IReadOnlyList<string> RoutePrefixes { get; init; } = [];

    public IReadOnlyList<AdminPage> AdminPages { get; init; } = [];

    public bool HasSettingsSchema { get; init; }

    /// <summary>The tables the plugin's model maps to.</summary>
    public IReadOnlyList<string> Tables { get; init; } = [];

    /// <summary>The names of the plugin's scheduled jobs.</summary>
    public IReadOnlyList<string> Jobs { get; init; } = [];

    /// <summary>Whether the assembly came from the compile cache.</summary>
    public bool? CacheHit { get; init; }

    public double BuildMilliseconds { get; init; }

    /// <summary>
    /// Why the last hot reload of a running plugin did not take: the previous version keeps serving. Cleared by the
    /// next reload that takes.
    /// </summary>
    public PluginFailure? ReloadFailure { get; init; }

    public string? Id => Meta?.Id;

    public PluginInfo Failed(PluginFailure failure) => this with { State = State.Fail(failure) };
}
