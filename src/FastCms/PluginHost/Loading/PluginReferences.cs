using Microsoft.CodeAnalysis;

namespace FastCms.PluginHost.Loading;

/// <summary>
/// Metadata references for <see cref="HostAssemblies.CompileReferencePaths"/>. They hold the metadata of every host
/// assembly in memory (about 90 MB), so they live only while compilations use them: compilations that overlap share
/// one set, and once startup's compilations are done the set is collected.
/// </summary>
internal static class PluginReferences
{
    private static readonly Lock Gate = new();
    private static readonly WeakReference<IReadOnlyList<MetadataReference>?> Current = new(null);

    /// <summary>The current set; hold on to it for as long as compilations that should share it run.</summary>
    public static IReadOnlyList<MetadataReference> Get()
    {
        lock (Gate)
        {
            if (Current.TryGetTarget(out var references) && references is not null)
            {
                return references;
            }

            references = [.. HostAssemblies.CompileReferencePaths().Select(path => MetadataReference.CreateFromFile(path))];
            Current.SetTarget(references);
            return references;
        }
    }
}
