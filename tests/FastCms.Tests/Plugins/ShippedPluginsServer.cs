using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.Plugins;

/// <summary>A server with the plugins shipped in the repository's <c>plugins/</c> folder.</summary>
public sealed class ShippedPluginsSqlite : SqliteServer
{
    protected override Task PrepareRootAsync(string root)
    {
        PluginFolders.CopyShipped(root, "hello_world");
        PluginFolders.CopyShipped(root, "example_plugin");
        return Task.CompletedTask;
    }
}

public sealed class ShippedPluginsPostgres : PostgresServer
{
    protected override Task PrepareRootAsync(string root)
    {
        PluginFolders.CopyShipped(root, "hello_world");
        PluginFolders.CopyShipped(root, "example_plugin");
        return Task.CompletedTask;
    }
}
