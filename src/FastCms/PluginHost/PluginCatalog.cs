using System.Collections.Immutable;

namespace FastCms.PluginHost;

/// <summary>Every plugin discovered at startup, in load order, with its status.</summary>
public sealed class PluginCatalog
{
    private ImmutableArray<PluginInfo> _plugins = [];

    public ImmutableArray<PluginInfo> Plugins => _plugins;

    public void Set(IEnumerable<PluginInfo> plugins) => _plugins = [.. plugins];

    /// <summary>Finds a plugin by id, or by folder name for plugins that failed before their id was known.</summary>
    public PluginInfo? Find(string idOrFolder) =>
        _plugins.FirstOrDefault(p => p.Id == idOrFolder) ?? _plugins.FirstOrDefault(p => p.Id is null && p.Folder == idOrFolder);

    public PluginInfo? FindActive(string id) => _plugins.FirstOrDefault(p => p.Id == id && p.Status == PluginStatus.Active);
}
