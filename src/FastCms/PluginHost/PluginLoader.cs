using System.Diagnostics;
using FastCms.Kernel;
using FastCms.PluginHost.Data;
using FastCms.PluginHost.Lifecycle;
using FastCms.PluginHost.Loading;
using FastCms.PluginHost.Registration;

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
    IEnumerable<PreloadedPlugin> preloaded,
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
        var build = builder.BuildAll(sources, [.. preloaded], cancellationToken);

        var all = RejectDuplicateIds(build.Plugins);
        for (var i = 0; i < all.Count; i++)
        {
            if (all[i] is { Status: PluginStatus.Active } info)
            {
                activator.AddBuilt(info, build.Built[info.Folder]);
                if (!choices.GetValueOrDefault(info.Id!, true))
                {
                    all[i] = info with { State = info.State.Disable() };
                }
            }
        }

        var order = PluginOrdering.Order([.. all.Where(p => p.Status == PluginStatus.Active)], all);
        Update(all, p => p is { Status: PluginStatus.Active, Id: { } id } && order.Failures.TryGetValue(id, out var failure) ? p.Failed(failure) : p);
        foreach (var next in order.Ordered)
        {
            var index = all.FindIndex(p => p.Folder == next.Folder);
            var info = all[index];
            if (info.Meta!.Dependencies.FirstOrDefault(d => !all.Any(p => p.Id == d.Id && p.Status == PluginStatus.Active)) is { } broken)
            {
                all[index] = info.Failed(PluginFailure.Failed($"Depends on plugin '{broken.Id}', which failed to register."));
                continue;
            }

            all[index] = await activator.ActivateAsync(info, build.Built[info.Folder].Instance, cancellationToken);
        }

        foreach (var info in all.Where(p => p.Status != PluginStatus.Active))
        {
            activator.HintSecrets(info);
        }

        catalog.Set(all);
        host.Endpoints.StartupComplete();
        Report(all, Stopwatch.GetElapsedTime(started));
    }

    private static List<PluginInfo> RejectDuplicateIds(IReadOnlyList<PluginInfo> plugins)
    {
        var first = new Dictionary<string, PluginInfo>(StringComparer.Ordinal);
        var all = plugins.ToList();
        Update(all, info =>
        {
            if (info.Status != PluginStatus.Active)
            {
                return info;
            }

            if (first.TryGetValue(info.Id!, out var owner))
            {
                return info.Failed(PluginFailure.Failed($"Plugin id '{info.Id}' is already used by the plugin in folder '{owner.Folder}'."));
            }

            first[info.Id!] = info;
            return info;
        });
        return all;
    }

    private static void Update(List<PluginInfo> all, Func<PluginInfo, PluginInfo> change)
    {
        for (var i = 0; i < all.Count; i++)
        {
            all[i] = change(all[i]);
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
