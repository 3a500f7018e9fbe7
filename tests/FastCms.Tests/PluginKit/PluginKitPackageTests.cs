using FastCms.Plugins;
using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.PluginKit;

/// <summary>
/// The plugin author's kit as a package consumer gets it: the contract, the server, the test kit and the template are
/// packed into a local folder feed with a version no earlier run used (so nothing stale from the global packages folder
/// can stand in for them), the template is installed into a private hive and instantiated, the tutorial of
/// docs/plugin-development.md is applied to it, and both that project's tests and the example plugin's tests run with
/// `dotnet test` against a nuget.config that lists only the local feed and nuget.org.
/// </summary>
public sealed class PluginKitPackageTests
{
    private static readonly string[] PackedProjects = ["src/FastCms.Plugins", "src/FastCms", "src/FastCms.Plugins.Testing", "templates/FastCms.Plugin.Templates"];

    [Fact]
    public async Task Template_PackedToLocalFeed_TutorialAndExamplePluginTestsPass()
    {
        var repository = PluginFolders.RepositoryRoot();
        var work = Directory.CreateTempSubdirectory("fastcms-plugin-kit-").FullName;
        var suffix = $"ci.{DateTime.UtcNow:yyyyMMddHHmmss}.{Guid.NewGuid().ToString("N")[..8]}";
        var kitVersion = $"0.1.0-{suffix}";
        var contractVersion = $"{PluginApi.Version}-{suffix}";
        try
        {
            var feed = Directory.CreateDirectory(Path.Combine(work, "feed")).FullName;
            await PackAsync(repository, work, feed, suffix);
            Assert.True(File.Exists(Path.Combine(feed, $"FastCms.Plugins.{contractVersion}.nupkg")), "The contract package carries PluginApi.Version.");
            Assert.True(File.Exists(Path.Combine(feed, $"FastCms.Plugins.Testing.{kitVersion}.nupkg")));
            await File.WriteAllTextAsync(Path.Combine(work, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{feed}" />
                    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
                  </packageSources>
                </configuration>
                """);

            var hive = Path.Combine(work, "hive");
            await DotnetCli.RunAsync(work, ["new", "install", Path.Combine(feed, $"FastCms.Plugin.Templates.{kitVersion}.nupkg"), "--debug:custom-hive", hive]);
            await DotnetCli.RunAsync(work, ["new", "fastcms-plugin", "-n", "ReadingTime", "--debug:custom-hive", hive]);
            var project = Path.Combine(work, "ReadingTime");
            var steps = TutorialStep.Read(await File.ReadAllTextAsync(Path.Combine(repository, "docs", "plugin-development.md")));
            foreach (var step in steps)
            {
                step.ApplyTo(project);
            }

            var tutorial = DotnetCli.Totals(await DotnetCli.RunAsync(project, ["test"]));
            AssertRestored(Path.Combine(project, "ReadingTime.Tests"), $"FastCms.Plugins.Testing/{kitVersion}");
            AssertRestored(Path.Combine(project, "ReadingTime"), $"FastCms.Plugins/{contractVersion}");

            var example = Path.Combine(work, "ExamplePlugin.Tests");
            CopyProject(Path.Combine(repository, "tests", "ExamplePlugin.Tests"), example);
            var exampleTotals = DotnetCli.Totals(await DotnetCli.RunAsync(example,
                ["test", $"-p:FastCmsKitVersion={kitVersion}", $"-p:ExamplePluginDir={Path.Combine(repository, "plugins", "example_plugin")}{Path.DirectorySeparatorChar}"],
                TestDatabase.PostgresServer is { } postgres ? new Dictionary<string, string> { [TestDatabase.PostgresVariable] = postgres } : null));
            AssertRestored(example, $"FastCms.Plugins.Testing/{kitVersion}");

            // The template's three tests and the tutorial's, none skipped; the example's on SQLite and, when configured, PostgreSQL.
            var tutorialTests = 3 + steps.Sum(s => s.Tests);
            Assert.Equal((tutorialTests, 0, tutorialTests, 0), tutorial);
            Assert.Equal(0, exampleTotals.Failed);
            Assert.Equal(TestDatabase.PostgresServer is null ? 4 : 8, exampleTotals.Succeeded);
        }
        finally
        {
            RemoveFromGlobalPackages(suffix);
            TestPaths.TryDelete(work);
        }
    }

    private static async Task PackAsync(string repository, string work, string feed, string suffix)
    {
        // One build for the four packages, in an artifacts folder of its own: the pack neither reads nor overwrites the
        // outputs of the build running these tests.
        var solution = Path.Combine(work, "packages.slnx");
        await File.WriteAllTextAsync(solution,
            $"<Solution>{string.Concat(PackedProjects.Select(p => $"<Project Path=\"{Path.GetRelativePath(work, Path.Combine(repository, p, Path.GetFileName(p) + ".csproj"))}\" />"))}</Solution>");
        await DotnetCli.RunAsync(work,
            ["pack", solution, "-c", "Release", "--artifacts-path", Path.Combine(work, "artifacts"), $"-p:PackageOutputPath={feed}", $"-p:PackageVersionSuffix={suffix}"]);
    }

    private static void AssertRestored(string projectDirectory, string package)
    {
        var assets = File.ReadAllText(Path.Combine(projectDirectory, "obj", "project.assets.json"));
        Assert.Contains($"\"{package}\"", assets, StringComparison.OrdinalIgnoreCase);
    }

    private static void CopyProject(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(s => s is "bin" or "obj"))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, relative))!);
            File.Copy(file, Path.Combine(target, relative));
        }
    }

    // Each run's packages have a version of their own; without this the global packages folder would keep them all.
    private static void RemoveFromGlobalPackages(string suffix)
    {
        var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in new[] { "fastcms.plugins", "fastcms.server", "fastcms.plugins.testing", "fastcms.plugin.templates" })
        {
            foreach (var version in Directory.Exists(Path.Combine(root, id)) ? Directory.EnumerateDirectories(Path.Combine(root, id), $"*-{suffix}") : [])
            {
                TestPaths.TryDelete(version);
            }
        }
    }
}
