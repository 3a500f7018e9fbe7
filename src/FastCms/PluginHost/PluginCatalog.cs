using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using FastCms.Kernel;

namespace FastCms.PluginHost;

/// <summary>
/// Every plugin discovered at startup, with its status; also exported as <c>fastcms_plugins{status}</c>. It holds
/// immutable snapshots and swaps one in whole when a plugin changes, so readers need no lock.
/// </summary>
internal sealed class PluginCatalog
{
    private ImmutableArray<PluginInfo> _plugins = [];

    public PluginCatalog(IMeterFactory meterFactory)
    {
        meterFactory.Create(FastCmsMeter.Name).CreateObservableGauge(
            "fastcms_plugins",
            () => Enum.GetValues<PluginStatus>().Select(status => new Measurement<int>(
                _plugins.Count(p => p.Status == status), new KeyValuePair<string, object?>("status", status.ToApiName()))),
            description: "Discovered plugins per status.");
    }

    public ImmutableArray<PluginInfo> Plugins => _plugins;

    public void Set(IEnumerable<PluginInfo> plugins) => _plugins = [.. plugins];

    /// <summary>Puts <paramref name="plugin"/> in place of the snapshot of the same folder.</summary>
    public void Replace(PluginInfo plugin) =>
        ImmutableInterlocked.Update(ref _plugins, plugins => plugins.Select(p => p.Folder == plugin.Folder ? plugin : p).ToImmutableArray());

    /// <summary>
    /// Finds a plugin by id, else by folder name — so that every plugin the list shows can be reached, including those
    /// whose id is unknown, invalid or a duplicate. Of two folders with the same id, the id names the first in folder
    /// order (the one that registered); the other is reached by its folder.
    /// </summary>
    public PluginInfo? Find(string idOrFolder) =>
        _plugins.FirstOrDefault(p => p.Id == idOrFolder) ?? _plugins.FirstOrDefault(p => p.Folder == idOrFolder);

    public PluginInfo? FindActive(string id) => _plugins.FirstOrDefault(p => p.Id == id && p.Status == PluginStatus.Active);
}
