using System.Reflection;
using System.Runtime.Loader;

namespace FastCms.PluginHost.Loading;

/// <summary>
/// One per plugin, host-first: any assembly the host has (runtime, ASP.NET Core, the contract and every
/// library the server ships) resolves to the host's copy, so types are shared; only the plugin's private
/// dependencies load here, from its own folder.
/// </summary>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    private readonly AssemblyDependencyResolver? _resolver;
    private readonly string _folder;

    public PluginLoadContext(string name, string folder, string? prebuiltAssembly)
        : base("plugin:" + name, isCollectible: false)
    {
        _folder = folder.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        _resolver = prebuiltAssembly is null ? null : new AssemblyDependencyResolver(prebuiltAssembly);
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (HostAssemblies.Contains(assemblyName.Name))
        {
            return null;
        }

        var path = _resolver?.ResolveAssemblyToPath(assemblyName);
        if (path is null)
        {
            var candidate = Path.Combine(_folder, assemblyName.Name + ".dll");
            path = File.Exists(candidate) ? candidate : null;
        }

        return path is not null && Path.GetFullPath(path).StartsWith(_folder, StringComparison.Ordinal) ? LoadFromAssemblyPath(path) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        _resolver?.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;
}
