using System.Diagnostics;
using System.Reflection;
using FastCms.Hosting;
using FastCms.PluginHost.Data;
using FastCms.Plugins;

namespace FastCms.PluginHost;

/// <summary>
/// Startup of the plugin system: discover → build (compile or load) → validate → order → register → active.
/// Each step is isolated per plugin; a broken plugin is reported with its status and error and skipped, and
/// the server always starts.
/// </summary>
public sealed class PluginLoader(
    ContentPaths paths,
    PluginCompiler compiler,
    PluginCatalog catalog,
    PluginHostServices host,
    PluginSchemaStore schemas,
    ILogger<PluginLoader> logger)
{
    private readonly HashSet<string> _registered = new(StringComparer.Ordinal);

    public async Task LoadAllAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await host.Settings.LoadAsync(cancellationToken);
        await schemas.LoadAsync(cancellationToken);
        var sources = PluginDiscovery.Discover(paths.PluginsDir);
        var compiled = CompileAll(sources.Where(s => s.Info is { Status: PluginStatus.Active, Kind: PluginKind.Source }), cancellationToken);
        if (sources.Any(s => s.Info.CacheHit == false))
        {
            ReleaseCompilerMemory();
        }

        var instances = new Dictionary<PluginInfo, (IPlugin Plugin, Assembly Assembly)>();
        foreach (var source in sources.Where(s => s.Info.Status == PluginStatus.Active))
        {
            if (Load(source, compiled.GetValueOrDefault(source.Info)) is { } built)
            {
                instances[source.Info] = built;
            }
        }

        var all = sources.Select(s => s.Info).ToList();
        RejectDuplicateIds(all);
        foreach (var info in PluginOrdering.Order([.. all.Where(p => p.Status == PluginStatus.Active)], all))
        {
            await RegisterAsync(info, instances[info], cancellationToken);
        }

        catalog.Set(all);
        Report(all, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// Compiles what the cache lacks. The first compilation runs alone (it pays for warming up the compiler,
    /// and doing that on several threads at once is slower); the rest run in parallel.
    /// </summary>
    private Dictionary<PluginInfo, string> CompileAll(IEnumerable<PluginSource> sources, CancellationToken cancellationToken)
    {
        var jobs = sources.Select(compiler.Prepare).ToList();
        var results = new Dictionary<PluginInfo, CompileResult>();
        var misses = jobs.Where(j => !j.Cached).ToList();
        foreach (var job in jobs.Where(j => j.Cached))
        {
            results[job.Info] = compiler.Compile(job);
        }

        if (misses.Count > 0)
        {
            // One set of references for the whole batch (see PluginReferences).
            var references = PluginReferences.Get();
            results[misses[0].Info] = compiler.Compile(misses[0]);
            var rest = new System.Collections.Concurrent.ConcurrentDictionary<PluginInfo, CompileResult>();
            Parallel.ForEach(misses.Skip(1), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
                job => rest[job.Info] = compiler.Compile(job));
            foreach (var (info, result) in rest)
            {
                results[info] = result;
            }

            GC.KeepAlive(references);
        }

        var assemblies = new Dictionary<PluginInfo, string>();
        foreach (var (info, result) in results)
        {
            info.CacheHit = result.CacheHit;
            info.BuildMilliseconds = result.Milliseconds;
            if (result.AssemblyPath is null)
            {
                info.Fail(PluginStatus.CompileError, $"Compilation failed with {result.Errors.Count} error(s); see diagnostics.", result.Errors);
            }
            else
            {
                assemblies[info] = result.AssemblyPath;
            }
        }

        return assemblies;
    }

    // The compiler's references, syntax trees and symbols are garbage once CompileAll returned, about 150 MB; without
    // a compacting collection the process would keep that memory until the next restart.
    private static void ReleaseCompilerMemory() =>
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

    private (IPlugin, Assembly)? Load(PluginSource source, string? compiledPath)
    {
        var info = source.Info;
        var path = info.Kind == PluginKind.Source ? compiledPath : source.AssemblyPath;
        if (path is null || info.Status != PluginStatus.Active)
        {
            return null;
        }

        Assembly assembly;
        try
        {
            var context = new PluginLoadContext(info.Folder, info.Path, info.Kind == PluginKind.Prebuilt ? path : null);
            assembly = context.LoadFromAssemblyPath(path!);
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException)
        {
            info.Fail(PluginStatus.LoadError, $"The plugin assembly could not be loaded: {e.Message}");
            return null;
        }

        var type = PluginValidator.FindPluginType(assembly, out var error);
        if (type is null)
        {
            info.Fail(error!.StartsWith("Types of", StringComparison.Ordinal) ? PluginStatus.LoadError : PluginStatus.Failed, error);
            return null;
        }

        IPlugin plugin;
        try
        {
            plugin = (IPlugin)Activator.CreateInstance(type)!;
            info.Meta = plugin.Meta;
        }
        catch (Exception e)
        {
            var inner = e is TargetInvocationException { InnerException: { } actual } ? actual : e;
            info.Fail(PluginStatus.Failed, $"Creating {type.Name} or reading its Meta threw {inner.GetType().Name}: {inner.Message}{Location(inner, assembly)}");
            return null;
        }

        if (PluginValidator.ValidateMeta(info.Meta) is { } invalid)
        {
            info.Fail(PluginStatus.Failed, invalid);
            return null;
        }

        if (PluginValidator.CheckHostApi(assembly, info.Meta!) is { } incompatible)
        {
            info.Fail(PluginStatus.Incompatible, incompatible);
            return null;
        }

        return (plugin, assembly);
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

    private async Task RegisterAsync(PluginInfo info, (IPlugin Plugin, Assembly Assembly) built, CancellationToken cancellationToken)
    {
        if (info.Meta!.Dependencies.FirstOrDefault(d => !_registered.Contains(d.Id)) is { } broken)
        {
            info.Fail(PluginStatus.Failed, $"Depends on plugin '{broken.Id}', which failed to register.");
            return;
        }

        var registration = new PluginRegistration(info, host);
        try
        {
            built.Plugin.Register(registration);
        }
        catch (Exception e)
        {
            registration.Abandon();
            info.Fail(PluginStatus.Failed, $"Register threw {e.GetType().Name}: {e.Message}{Location(e, built.Assembly)}");
            return;
        }

        if (await registration.CommitAsync(built.Assembly.ManifestModule.ModuleVersionId, cancellationToken) is { } error)
        {
            info.Fail(PluginStatus.Failed, error);
            return;
        }

        info.RoutePrefixes = registration.Prefixes;
        info.Tables = registration.Tables;
        info.Jobs = [.. registration.Jobs.Select(j => j.Name)];
        info.AdminPages = registration.Pages;
        info.HasSettingsSchema = registration.HasSettingsSchema;
        _registered.Add(info.Id!);
    }

    // Where in the plugin's own code the exception came from, when its symbols say so.
    private static string Location(Exception exception, Assembly assembly)
    {
        var frame = new StackTrace(exception, fNeedFileInfo: true).GetFrames()
            .FirstOrDefault(f => f.GetMethod()?.Module.Assembly == assembly && f.GetFileLineNumber() > 0);
        return frame is null ? "" : $" (at {Path.GetFileName(frame.GetFileName())}:{frame.GetFileLineNumber()})";
    }

    private void Report(List<PluginInfo> all, TimeSpan elapsed)
    {
        foreach (var info in all)
        {
            if (info.Status == PluginStatus.Active)
            {
                logger.LogInformation("Plugin {PluginId} {Version} active from {Folder} ({Build})", info.Id, info.Meta!.Version, info.Folder,
                    info.Kind == PluginKind.Prebuilt ? "prebuilt" : info.CacheHit == true ? "compile cache hit" : $"compiled in {info.BuildMilliseconds:F0} ms");
            }
            else
            {
                logger.LogError("Plugin in folder {Folder} is {Status}: {Error}{Diagnostics}", info.Folder, info.Status.ToApiName(), info.Error,
                    info.Diagnostics.Count == 0 ? "" : Environment.NewLine + string.Join(Environment.NewLine, info.Diagnostics.Select(d => "  " + d)));
            }
        }

        logger.LogInformation("Plugins ready in {Elapsed:F0} ms: {Active} active, {Inactive} not active",
            elapsed.TotalMilliseconds, all.Count(p => p.Status == PluginStatus.Active), all.Count(p => p.Status != PluginStatus.Active));
    }
}
