namespace FastCms.Tests.Infrastructure;

/// <summary>Writes real plugin folders into a test server's plugins directory.</summary>
public static class PluginFolders
{
    public static void Write(string root, string folder, string fileName, string source) =>
        Write(root, folder, (fileName, source));

    public static void Write(string root, string folder, params (string FileName, string Source)[] files)
    {
        var dir = Path.Combine(root, "plugins", folder);
        foreach (var (fileName, source) in files)
        {
            var path = Path.Combine(dir, fileName);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, source);
        }
    }

    /// <summary>Copies a plugin shipped in the repository's <c>plugins/</c> folder.</summary>
    public static void CopyShipped(string root, string folder)
    {
        var source = Path.Combine(RepositoryRoot(), "plugins", folder);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(s => s is "bin" or "obj"))
            {
                continue;
            }

            var target = Path.Combine(root, "plugins", folder, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    /// <summary>A plugin class with the given id, version and registration body.</summary>
    public static string Plugin(string id, string register, string version = "1.0.0", string metaExtras = "", string className = "TestPlugin") => $$"""
        namespace Tests_{{new string([.. id.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')])}};

        public sealed class {{className}} : IPlugin
        {
            public PluginMeta Meta { get; } = new("{{id}}", "Plugin {{id}}", "{{version}}") { {{metaExtras}} };

            public void Register(IPluginContext ctx)
            {
                {{register}}
            }
        }
        """;

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FastCms.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("The repository root (with FastCms.slnx) was not found above the test binaries.");
    }
}
