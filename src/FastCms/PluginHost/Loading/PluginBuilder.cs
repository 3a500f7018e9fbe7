using System.Collections.Concurrent;
using System.Reflection;
using FastCms.PluginHost.Lifecycle;
using FastCms.PluginHost.Registration;
using FastCms.Plugins;

namespace FastCms.PluginHost.Loading;

/// <summary>A plugin whose assembly is loaded and whose <c>Meta</c> is valid: the instance that was created to read it.</summary>
internal sealed record BuiltPlugin(IPlugin Instance, Assembly Assembly)
{
    public Type Type => Instance.GetType();
}

/// <summary>Every discovered plugin after the build, in folder order, and the built ones by folder.</summary>
internal sealed record BuildOutcome(IReadOnlyList<PluginInfo> Plugins, IReadOnlyDictionary<string, BuiltPlugin> Built);

/// <summary>
/// The build step of startup: compiles source plugins (or takes them from the compile cache), loads prebuilt ones,
/// instantiates the <see cref="IPlugin"/> class and validates its <c>Meta</c>. A plugin that fails a step comes out
/// failed with the step's <see cref="PluginFailure"/>; the others come out built.
/// </summary>
internal sealed class PluginBuilder(PluginCompiler compiler)
{
    public BuildOutcome BuildAll(IReadOnlyList<PluginSource> sources, CancellationToken cancellationToken) =>
        BuildAll(sources, [], cancellationToken);

    /// <summary>Builds the discovered plugins, then takes the preloaded ones (after them, in the order given).</summary>
    public BuildOutcome BuildAll(IReadOnlyList<PluginSource> sources, IReadOnlyList<PreloadedPlugin> preloaded, CancellationToken cancellationToken)
    {
        var compiled = CompileAll(sources.Where(s => s.Info is { Status: PluginStatus.Active, Kind: PluginKind.Source }), cancellationToken);
        if (compiled.Values.Any(r => !r.CacheHit))
        {
            ReleaseCompilerMemory();
        }

        var plugins = new List<PluginInfo>(sources.Count);
        var built = new Dictionary<string, BuiltPlugin>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            var info = source.Info;
            var path = source.AssemblyPath;
            if (compiled.TryGetValue(info.Folder, out var result))
            {
                info = info with { CacheHit = result.CacheHit, BuildMilliseconds = result.Milliseconds };
                info = result.Failure is { } failure ? info.Failed(failure) : info;
                path = result.AssemblyPath;
            }

            if (info.Status == PluginStatus.Active)
            {
                (info, var plugin) = Load(info, path!);
                if (plugin is not null)
                {
                    built[info.Folder] = plugin;
                }
            }

            plugins.Add(info);
        }

        foreach (var preload in preloaded)
        {
            var (info, plugin) = Instantiate(new PluginInfo(preload.Folder, preload.Path, PluginKind.Prebuilt), preload.Type.Assembly, preload.Type);
            if (plugin is not null)
            {
                built[info.Folder] = plugin;
            }

            plugins.Add(info);
        }

        return new BuildOutcome(plugins, built);
    }

    /// <summary>
    /// Compiles what the cache lacks. The first compilation runs alone (it pays for warming up the compiler,
    /// and doing that on several threads at once is slower); the rest run in parallel.
    /// </summary>
    private Dictionary<string, CompileResult> CompileAll(IEnumerable<PluginSource> sources, CancellationToken cancellationToken)
    {
        var jobs = sources.Select(compiler.Prepare).ToList();
        var results = new Dictionary<string, CompileResult>(StringComparer.Ordinal);
        var misses = jobs.Where(j => !j.Cached).ToList();
        foreach (var job in jobs.Where(j => j.Cached))
        {
            results[job.Info.Folder] = compiler.Compile(job);
        }

        if (misses.Count > 0)
        {
            // One set of references for the whole batch (see PluginReferences).
            var references = PluginReferences.Get();
            results[misses[0].Info.Folder] = compiler.Compile(misses[0]);
            var rest = new ConcurrentDictionary<string, CompileResult>(StringComparer.Ordinal);
            Parallel.ForEach(misses.Skip(1), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
                job => rest[job.Info.Folder] = compiler.Compile(job));
            foreach (var (folder, result) in rest)
            {
                results[folder] = result;
            }

            GC.KeepAlive(references);
        }

        return results;
    }

    // The compiler's references, syntax trees and symbols are garbage once CompileAll returned, about 150 MB; without
    // a compacting collection the process would keep that memory until the next restart.
    private static void ReleaseCompilerMemory() =>
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

    private static (PluginInfo Info, BuiltPlugin? Plugin) Load(PluginInfo info, string path)
    {
        Assembly assembly;
        try
        {
            var context = new PluginLoadContext(info.Folder, info.Path, info.Kind == PluginKind.Prebuilt ? path : null);
            assembly = context.LoadFromAssemblyPath(path);
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException)
        {
            return (info.Failed(PluginFailure.LoadError($"The plugin assembly could not be loaded: {e.Message}")), null);
        }

        return PluginValidator.FindPluginType(assembly, out var notFound) is { } type
            ? Instantiate(info, assembly, type)
            : (info.Failed(notFound!), null);
    }

    private static (PluginInfo Info, BuiltPlugin? Plugin) Instantiate(PluginInfo info, Assembly assembly, Type type)
    {
        IPlugin plugin;
        try
        {
            plugin = (IPlugin)Activator.CreateInstance(type)!;
            info = info with { Meta = plugin.Meta };
        }
        catch (Exception e)
        {
            var inner = e is TargetInvocationException { InnerException: { } actual } ? actual : e;
            return (info.Failed(PluginFailure.Failed(
                $"Creating {type.Name} or reading its Meta threw {inner.GetType().Name}: {inner.Message}{PluginActivator.Location(inner, assembly)}")), null);
        }

        if (PluginValidator.ValidateMeta(info.Meta) is { } invalid)
        {
            return (info.Failed(PluginFailure.Failed(invalid)), null);
        }

        if (PluginValidator.CheckHostApi(assembly, info.Meta!) is { } incompatible)
        {
            return (info.Failed(PluginFailure.Incompatible(incompatible)), null);
        }

        return (info with { State = info.State.Build() }, new BuiltPlugin(plugin, assembly));
    }
}
