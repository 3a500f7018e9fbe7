using System.Collections.Concurrent;
using System.Collections.Immutable;
using FastCms.AdminShell;
using FastCms.PluginHost;
using FastCms.PluginHost.AdminPages;

namespace FastCms.Admin;

/// <summary>
/// The icons active plugins name in their files: templates, scripts, styles and C# sources (where
/// <c>AddAdminPage(…, "fa-star", …)</c> and HTML built in code live). A plugin folder is read once per snapshot
/// of the plugin (a reload makes a new one) and again when a file under its <c>templates/</c> changes, since
/// templates are re-read without a reload.
/// </summary>
internal sealed class PluginIconScan(TimeProvider time, PluginCatalog catalog) : IPluginIcons
{
    private const long MaxFileBytes = 512 * 1024;
    private const int MaxFiles = 2000;
    private static readonly TimeSpan StampInterval = TimeSpan.FromSeconds(2);
    private static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase) { ".liquid", ".html", ".htm", ".cs", ".js", ".css", ".json" };
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.OrdinalIgnoreCase) { "bin", "obj", "node_modules" };

    private readonly ConcurrentDictionary<string, FolderScan> _scans = new(StringComparer.Ordinal);
    private volatile TemplatesStampAt? _stamp;
    private volatile VersionOf? _version;

    public long Version()
    {
        var plugins = catalog.Plugins;
        var stamp = Stamp(plugins);
        var last = _version;
        if (last is not null && last.Plugins == plugins && last.Stamp == stamp)
        {
            return last.Number;
        }

        var next = new VersionOf(plugins, stamp, (last?.Number ?? 0) + 1);
        _version = next;
        return next.Number;
    }

    public IEnumerable<IconUse> Uses() => Uses(catalog.Plugins);

    /// <summary>A number that changes when a template of an active plugin does; looked at every two seconds at most.</summary>
    private long Stamp(ImmutableArray<PluginInfo> plugins)
    {
        var now = time.GetUtcNow();
        if (_stamp is { } known && known.Plugins == plugins && now - known.At < StampInterval)
        {
            return known.Stamp;
        }

        var stamp = Active(plugins).Sum(p => TemplatesStamp(p.Path));
        _stamp = new TemplatesStampAt(plugins, now, stamp);
        return stamp;
    }

    private IEnumerable<IconUse> Uses(ImmutableArray<PluginInfo> plugins) =>
        Active(plugins).SelectMany(plugin =>
        {
            var stamp = TemplatesStamp(plugin.Path);
            if (_scans.TryGetValue(plugin.Path, out var scan) && ReferenceEquals(scan.Plugin, plugin) && scan.Stamp == stamp)
            {
                return scan.Uses;
            }

            var uses = Scan(plugin.Path);
            _scans[plugin.Path] = new FolderScan(plugin, stamp, uses);
            return uses;
        });

    private sealed record VersionOf(ImmutableArray<PluginInfo> Plugins, long Stamp, long Number);

    private sealed record TemplatesStampAt(ImmutableArray<PluginInfo> Plugins, DateTimeOffset At, long Stamp);

    private sealed record FolderScan(PluginInfo Plugin, long Stamp, IReadOnlyList<IconUse> Uses);

    private static IEnumerable<PluginInfo> Active(ImmutableArray<PluginInfo> plugins) =>
        plugins.Where(p => p.Status == PluginStatus.Active && Directory.Exists(p.Path));

    private static long TemplatesStamp(string pluginPath)
    {
        var templates = Path.Combine(pluginPath, PluginTemplates.Folder);
        return Directory.Exists(templates)
            ? Directory.EnumerateFiles(templates, "*", SearchOption.AllDirectories).Select(f => File.GetLastWriteTimeUtc(f).Ticks).DefaultIfEmpty().Max()
            : 0;
    }

    private static IReadOnlyList<IconUse> Scan(string pluginPath) =>
    [
        .. Files(new DirectoryInfo(pluginPath)).Take(MaxFiles)
            .Where(f => Extensions.Contains(f.Extension) && f.Length <= MaxFileBytes)
            .SelectMany(f => IconNames.In(File.ReadAllText(f.FullName)))
            .Distinct(),
    ];

    private static IEnumerable<FileInfo> Files(DirectoryInfo folder) =>
        folder.EnumerateFiles().Concat(folder.EnumerateDirectories()
            .Where(d => !d.Name.StartsWith('.') && !SkippedFolders.Contains(d.Name) && !d.Attributes.HasFlag(FileAttributes.ReparsePoint))
            .SelectMany(Files));
}
