using FastCms.Tests.Infrastructure;
using FastCms.Tests.Plugins;
using static FastCms.Tests.Infrastructure.PluginFolders;

namespace FastCms.Tests.AdminPlugins;

/// <summary>
/// Plugins for the admin plugins and jobs pages: the shipped ones, a typed and an untyped settings plugin, one with
/// two scheduled jobs, and one that does not compile.
/// </summary>
public static class AdminPluginFolders
{
    public static void Write(string root)
    {
        CopyShipped(root, "hello_world");
        CopyShipped(root, "example_plugin");
        PluginSettingsTests.WritePlugins(root);
        PluginFolders.Write(root, "jobs_demo", "Plugin.cs", Plugin("jobs-demo", """
            ctx.Schedule("yearly-tick", "0 0 1 1 *", job => { JobCounter.Runs++; return Task.CompletedTask; });
            ctx.Schedule("always-fails", "0 0 1 1 *", job => throw new InvalidOperationException("the disk is full"));
            """) + "\npublic static class JobCounter { public static int Runs; }");
        PluginFolders.Write(root, "zz_broken", ("Plugin.cs", Plugin("broken", "ctx.IncludeRouter(\"/broken\");")), ("Sub/Broken.cs", "class Broken { int x = \"text\"; }"));
    }
}

public sealed class AdminPluginsSetup : IServerSetup
{
    public Task PrepareRootAsync(string root)
    {
        AdminPluginFolders.Write(root);
        return Task.CompletedTask;
    }
}
