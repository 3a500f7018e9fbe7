using Microsoft.CodeAnalysis;

namespace FastCms.PluginHost;

/// <summary>Metadata references for <see cref="HostAssemblies.CompileReferencePaths"/>, built once, on the first compile.</summary>
public static class PluginReferences
{
    public static readonly Lazy<IReadOnlyList<MetadataReference>> All = new(() =>
        [.. HostAssemblies.CompileReferencePaths().Select(path => MetadataReference.CreateFromFile(path))]);
}
