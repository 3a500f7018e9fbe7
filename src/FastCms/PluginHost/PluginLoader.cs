using System.Diagnostics;
using FastCms.Kernel;
using FastCms.PluginHost.Data;

namespace FastCms.PluginHost;

/// <summary>
/// Startup of the plugin system: discover → build (compile or load) → validate → order → register → active. Each step
/// is isolated per plugin; a broken plugin is reported with its status and error and skipped, and the server always
/// starts. A plugin an admin disabled is built and validated (so the admin shows what it is) but not registered.
/// </summary>
internal sealed class PluginLoader(
    ContentPaths paths,
    PluginBuilder builder,
    PluginCatalog catalog,
    PluginActivator activator,
    PluginLifecycle lifecycle,
    PluginStateStore states,
    PluginHostServices host,
    PluginSchemaStore schemas,
    ILogger<PluginLoader> logger)
{
    public async Task LoadAllAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await host.Settings.LoadAsync(cancellationToken);
        await schemas.LoadAsync(cancellationToken);
        var choices = await states.ReadAsync(cancellationToken);
        lifecycle.Remember(choices);
        var sources = PluginDiscovery.Discover(paths.PluginsDir);
        var built = builder.BuildAll(sources, cancellationToken);

        var all = sources.Select(s => s.Info).ToList();
        RejectDuplicateIds(all);
        foreach (var info in all.Where(p => p.Status == PluginStatus.Active))
        {
            activator.AddBuilt(info, built[info]);
            if (!choices.GetValueOrDefault(info.Id!, true))
            {
                info.Status = PluginStatus.Disabled;
            }
        }

        foreach (var info in PluginOrdering.Order([.. all.Where(p => p.Status == PluginStatus.Active)], all))
        {
            if (info.Meta!.Dependencies.FirstOrDefault(d => !all.Any(p => p.Id == d.Id && p.Status == PluginStatus.Active)) is { } broken)
            {
                info.Fail(PluginStatus.Failed, $"Depends on plugin '{broken.Id}', which failed to register.");
                continue;
            }

            await activator.ActivateAsync(info, built[info].Instance, cancellationToken);
        }

        foreach (var info in all.Where(p => p.Status != PluginStatus.Active))
        {
            activator.HintSecrets(info);
        }

        catalog.Set(all);
        host.Endpoints.StartupComplete();
        Report(all, Stopwatch.GetElapsedTime(started));
    }

    private static void RejectDuplicateIds(List<PluginInfo> all)
    {
        var first = new Dictionary<string, PluginInfo>(StringComparer.Ordinal);
        foreach (var info in all.Where(p => p.Status == PluginStatus.Active))
        {
            if (first.TryGetValue(info.Id!, out var owner))
            {
                info.Fail(PluginStatus.Failed, $"Plugin id '{info.Id}' is already used by the plugin in folder '{owner.Folder}'.");
            }
            else
            {
                first[info.Id!] = info;
            }
        }
    }

    private void Report(List<PluginInfo> all, TimeSpan elapsed)
    {
        foreach (var info in all)
        {
            if (info.Status is PluginStatus.Active or PluginStatus.Disabled)
            {
                logger.LogInformation("Plugin {PluginId} {Version} {Status} from {Folder} ({Build})", info.Id, info.Meta!.Version, info.Status.ToApiName(), info.Folder,
                    info.Kind == PluginKind.Prebuilt ? "prebuilt" : info.CacheHit == true ? "compile cache hit" : $"compiled in {info.BuildMilliseconds:F0} ms");
            }
            else
            {
                logger.LogError("Plugin in folder {Folder} is {Status}: {Error}{Diagnostics}", info.Folder, info.Status.ToApiName(), info.Error,
                    info.Diagnostics.Count == 0 ? "" : Environment.NewLine + string.Join(Environment.NewLine, info.Diagnostics.Select(d => "  " + d)));
            }
        }

        logger.LogInformation("Plugins ready in {Elapsed:F0} ms: {Active} active, {Disabled} disabled, {Inactive} not active",
            elapsed.TotalMilliseconds, all.Count(p => p.Status == PluginStatus.Active), all.Count(p => p.Status == PluginStatus.Disabled),
            all.Count(p => p.Status is not (PluginStatus.Active or PluginStatus.Disabled)));
    }
}
