using System.Reflection;
using FastCms.Plugins;

namespace FastCms.PluginHost;

/// <summary>A plugin whose assembly is loaded and whose <c>Meta</c> is valid: the instance that was created to read it.</summary>
internal sealed record BuiltPlugin(IPlugin Instance, Assembly Assembly)
{
    public Type Type => Instance.GetType();
}

/// <summary>
/// The build step of startup: compiles source plugins (or takes them from the compile cache), loads prebuilt ones,
/// instantiates the <see cref="IPlugin"/> class and validates its <c>Meta</c>. A plugin that fails a step gets its
/// status and error and is left out.
/// </summary>
internal sealed class PluginBuilder(PluginCompiler compiler)
{
    public Dictionary<PluginInfo, BuiltPlugin> BuildAll(IReadOnlyList<PluginSource> sources, CancellationToken cancellationToken)
    {
        var compiled = CompileAll(sources.Where(s => s.Info is { Status: PluginStatus.Active, Kind: PluginKind.Source }), cancellationToken);
        if (sources.Any(s => s.Info.CacheHit == false))
        {
            ReleaseCompilerMemory();
        }

        var built = new Dictionary<PluginInfo, BuiltPlugin>();
        foreach (var source in sources.Where(s => s.Info.Status == PluginStatus.Active))
        {
            if (Load(source, compiled.GetValueOrDefault(source.Info)) is { } plugin)
            {
                built[source.Info] = plugin;
            }
        }

        return built;
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

    private static BuiltPlugin? Load(PluginSource source, string? compiledPath)
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
            info.Fail(PluginStatus.Failed, $"Creating {type.Name} or reading its Meta threw {inner.GetType().Name}: {inner.Message}{PluginActivator.Location(inner, assembly)}");
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

        return new BuiltPlugin(plugin, assembly);
    }
}
