using System.Collections.Concurrent;
using FastCms.Kernel;
using Microsoft.Extensions.Options;

namespace FastCms.PluginHost.Lifecycle;

/// <summary>
/// Watches the plugins folder while <c>FastCms:Plugins:Watch</c> is on (by default in Development) and hot-reloads a
/// plugin once its files have been quiet for a moment, so a burst of saves (an editor writing several files, a
/// formatter) makes one reload. Build output (<c>bin/</c>, <c>obj/</c>) is ignored.
/// </summary>
internal sealed class PluginWatcher(
    PluginReloader reloader, ContentPaths paths, IOptions<PluginHostOptions> options, IHostEnvironment environment, ILogger<PluginWatcher> logger)
    : BackgroundService
{
    public static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _changed = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!(options.Value.Watch ?? environment.IsDevelopment()) || !Directory.Exists(paths.PluginsDir))
        {
            return;
        }

        using var watcher = new FileSystemWatcher(paths.PluginsDir) { IncludeSubdirectories = true, NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.DirectoryName };
        watcher.Changed += (_, e) => Note(e.FullPath);
        watcher.Created += (_, e) => Note(e.FullPath);
        watcher.Deleted += (_, e) => Note(e.FullPath);
        watcher.Renamed += (_, e) => Note(e.FullPath);
        watcher.EnableRaisingEvents = true;
        logger.LogInformation("Watching {PluginsDir} for plugin changes (hot reload)", paths.PluginsDir);

        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var (folder, at) in _changed)
            {
                if (DateTimeOffset.UtcNow - at >= Quiet && _changed.TryRemove(new(folder, at)))
                {
                    await ReloadAsync(folder, stoppingToken);
                }
            }
        }
    }

    private void Note(string path)
    {
        var relative = Path.GetRelativePath(paths.PluginsDir, path).Split(Path.DirectorySeparatorChar);
        if (relative.Length < 2 || relative[0] is "." or ".." || relative.Skip(1).Any(s => s is "bin" or "obj" || s.StartsWith('.')))
        {
            return;
        }

        _changed[relative[0]] = DateTimeOffset.UtcNow;
    }

    private async Task ReloadAsync(string folder, CancellationToken cancellationToken)
    {
        try
        {
            await reloader.ReloadAsync(folder, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Reloading the plugin in folder {Folder} failed", folder);
        }
    }
}
