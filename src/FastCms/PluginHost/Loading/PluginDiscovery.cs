using System.Text.Json;
using FastCms.PluginHost.Lifecycle;

namespace FastCms.PluginHost.Loading;

/// <summary>What a plugin folder holds: C# sources to compile, or a prebuilt assembly named by <c>plugin.json</c>.</summary>
internal sealed record PluginSource(PluginInfo Info, IReadOnlyList<string> SourceFiles, string? AssemblyPath);

/// <summary>
/// Finds plugin folders: every directory directly under the plugins folder whose name does not start with
/// <c>_</c> or <c>.</c>, in ordinal order. Paths are canonicalised and nothing outside a plugin's folder
/// (for example through a symbolic link) is read.
/// </summary>
internal static class PluginDiscovery
{
    public const string ManifestFile = "plugin.json";

    private static readonly EnumerationOptions Recursive = new()
    {
        RecurseSubdirectories = true,
        IgnoreInaccessible = true,
        AttributesToSkip = FileAttributes.System,
    };

    public static IReadOnlyList<PluginSource> Discover(string pluginsDir)
    {
        if (!Directory.Exists(pluginsDir))
        {
            return [];
        }

        return Directory.EnumerateDirectories(pluginsDir)
            .Select(dir => new DirectoryInfo(dir))
            .Where(dir => !dir.Name.StartsWith('_') && !dir.Name.StartsWith('.'))
            .OrderBy(dir => dir.Name, StringComparer.Ordinal)
            .Select(Inspect)
            .ToList();
    }

    /// <summary>One plugin folder as <see cref="Discover"/> would see it, or <c>null</c> when it is not (or no longer) a plugin folder.</summary>
    public static PluginSource? DiscoverOne(string pluginsDir, string folder)
    {
        var dir = new DirectoryInfo(Path.Combine(pluginsDir, folder));
        return dir.Exists && !dir.Name.StartsWith('_') && !dir.Name.StartsWith('.') ? Inspect(dir) : null;
    }

    private static PluginSource Inspect(DirectoryInfo dir)
    {
        var root = RealPath(dir.FullName);
        var manifest = Path.Combine(root, ManifestFile);
        if (File.Exists(manifest))
        {
            var info = new PluginInfo(dir.Name, root, PluginKind.Prebuilt);
            var assembly = ReadManifest(manifest, root, out var error);
            return new PluginSource(error is null ? info : info.Failed(PluginFailure.LoadError(error)), [], assembly);
        }

        var source = new PluginInfo(dir.Name, root, PluginKind.Source);
        var files = Directory.EnumerateFiles(root, "*.cs", Recursive)
            .Where(file => !IsBuildOutput(root, file))
            .Select(RealPath)
            .Where(file => IsInside(root, file))
            .Order(StringComparer.Ordinal)
            .ToList();
        return files.Count == 0
            ? new PluginSource(source.Failed(PluginFailure.LoadError($"The folder has no C# files and no {ManifestFile}.")), files, null)
            : new PluginSource(source, files, null);
    }

    private static string? ReadManifest(string manifest, string root, out string? error)
    {
        error = null;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(manifest));
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("assembly", out var name)
                || name.ValueKind != JsonValueKind.String
                || string.IsNullOrWhiteSpace(name.GetString()))
            {
                error = $"{ManifestFile} must be an object with an \"assembly\" property naming the plugin's DLL inside its folder.";
                return null;
            }

            var path = Path.GetFullPath(name.GetString()!, root);
            if (!IsInside(root, path) || !IsInside(root, RealPath(path)))
            {
                error = $"{ManifestFile} names '{name.GetString()}', which is outside the plugin folder.";
                return null;
            }

            if (!File.Exists(path))
            {
                error = $"{ManifestFile} names '{name.GetString()}', which does not exist.";
                return null;
            }

            return RealPath(path);
        }
        catch (JsonException e)
        {
            error = $"{ManifestFile} is not valid JSON: {e.Message}";
            return null;
        }
    }

    private static bool IsBuildOutput(string root, string file)
    {
        var relative = Path.GetRelativePath(root, file);
        var segments = relative.Split(Path.DirectorySeparatorChar);
        return segments.Take(segments.Length - 1).Any(s => s is "bin" or "obj" || s.StartsWith('.'));
    }

    internal static bool IsInside(string root, string path) =>
        path.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>The path with every symbolic link resolved.</summary>
    internal static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var parts = full.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var current = Path.GetPathRoot(full)!;
        foreach (var part in parts)
        {
            current = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target)
            {
                current = target.FullName;
            }
        }

        return current;
    }
}
