using System.Runtime.Loader;

namespace FastCms.PluginHost.Loading;

/// <summary>The assemblies of the host process: what plugins share with it and compile against.</summary>
internal static class HostAssemblies
{
    private static readonly Lazy<HashSet<string>> Names = new(ReadNames);

    /// <summary>Every assembly the host can load from its own deployment (runtime, frameworks, app).</summary>
    public static IEnumerable<string> TrustedPlatformAssemblies() =>
        ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);

    public static bool Contains(string? name) => name is not null && Names.Value.Contains(name);

    /// <summary>
    /// What plugins compile against: the host's assemblies minus the server itself (plugins depend on the
    /// contract, not on the host's internals) and minus the compiler.
    /// </summary>
    public static IEnumerable<string> CompileReferencePaths() =>
        TrustedPlatformAssemblies()
            .Where(path => Path.GetFileNameWithoutExtension(path) is var name
                && (name == "FastCms.Plugins" || !name.StartsWith("FastCms", StringComparison.Ordinal))
                && !name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    private static HashSet<string> ReadNames()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in TrustedPlatformAssemblies())
        {
            names.Add(Path.GetFileNameWithoutExtension(path));
        }

        foreach (var assembly in AssemblyLoadContext.Default.Assemblies)
        {
            if (assembly.GetName().Name is { } name)
            {
                names.Add(name);
            }
        }

        return names;
    }
}
