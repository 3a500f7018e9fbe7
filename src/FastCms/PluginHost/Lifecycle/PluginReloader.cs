using FastCms.Kernel;
using FastCms.PluginHost.Loading;
using FastCms.PluginHost.Registration;

namespace FastCms.PluginHost.Lifecycle;

/// <summary>
/// Hot reload of one plugin: rebuilds its folder and swaps the new build in without a restart. A change that does not
/// compile, load or register leaves the running version serving and shows why as the plugin's <c>reload_error</c>.
/// </summary>
internal sealed class PluginReloader(
    PluginCatalog catalog, PluginLifecycle lifecycle, PluginBuilder builder, PluginActivator activator, ContentPaths paths, ILogger<PluginReloader> logger)
{
    public Task<PluginInfo?> ReloadAsync(string folder, CancellationToken cancellationToken) =>
        lifecycle.ExclusiveAsync(() => ReloadCoreAsync(folder, cancellationToken), cancellationToken);

    private async Task<PluginInfo?> ReloadCoreAsync(string folder, CancellationToken cancellationToken)
    {
        var current = catalog.Plugins.FirstOrDefault(p => p.Folder == folder);
        if (current is null || PluginDiscovery.DiscoverOne(paths.PluginsDir, folder) is not { } source)
        {
            logger.LogWarning("Plugin folder {Folder} was added or removed; restart the server to load or unload it", folder);
            return null;
        }

        var outcome = builder.BuildAll([source], cancellationToken);
        var rebuilt = outcome.Plugins[0];
        var running = activator.IsBuilt(current) && current.Status is PluginStatus.Active or PluginStatus.Disabled;
        if (!outcome.Built.TryGetValue(folder, out var build))
        {
            return running ? Keep(current, rebuilt.State.Failure!) : Show(rebuilt, "is still broken");
        }

        if (catalog.Plugins.FirstOrDefault(p => p.Id == rebuilt.Id && p.Folder != folder) is { } owner)
        {
            var taken = PluginFailure.Failed($"Plugin id '{rebuilt.Id}' is already used by the plugin in folder '{owner.Folder}'.");
            return running ? Keep(current, taken) : Show(rebuilt.Failed(taken), "is still broken");
        }

        if (current.Id is { } id && activator.IsBuilt(current) && rebuilt.Id != id)
        {
            return Keep(current, PluginFailure.Failed($"The id changed from '{id}' to '{rebuilt.Id}'; restart the server to load the plugin under its new id."));
        }

        if (current.Status == PluginStatus.Disabled)
        {
            activator.Rebuilt(rebuilt, build);
            return Show(current with { Meta = rebuilt.Meta, CacheHit = rebuilt.CacheHit, BuildMilliseconds = rebuilt.BuildMilliseconds, ReloadFailure = null },
                "was rebuilt and stays disabled");
        }

        var replaced = await activator.ReplaceAsync(current, rebuilt, build, cancellationToken);
        if (replaced.ReloadFailure is { } failure)
        {
            logger.LogError("Plugin {PluginId}: the changed version could not register ({Error}); the previous version keeps running", replaced.Id, failure.Message);
            return replaced;
        }

        logger.LogInformation("Plugin {PluginId} reloaded from {Folder}: {Status}", replaced.Id ?? folder, folder, replaced.Status.ToApiName());
        return replaced;
    }

    private PluginInfo Keep(PluginInfo current, PluginFailure failure)
    {
        logger.LogError("Plugin {PluginId}: the change in {Folder} did not build ({Error}); the previous version keeps running{Diagnostics}",
            current.Id, current.Folder, failure.Message, failure.Diagnostics.Count == 0 ? "" : "\n  " + string.Join("\n  ", failure.Diagnostics));
        return Show(current with { ReloadFailure = failure }, null);
    }

    private PluginInfo Show(PluginInfo info, string? logged)
    {
        catalog.Replace(info);
        if (logged is not null)
        {
            logger.LogInformation("Plugin in folder {Folder} {What}: {Status}", info.Folder, logged, info.Status.ToApiName());
        }

        return info;
    }
}
