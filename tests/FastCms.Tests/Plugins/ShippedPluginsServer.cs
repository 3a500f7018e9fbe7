using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.Plugins;

/// <summary>A server with the plugins shipped in the repository's <c>plugins/</c> folder.</summary>
public sealed class ShippedPluginsSetup : IServerSetup
{
    public Task PrepareRootAsync(string root)
    {
        PluginFolders.CopyShipped(root, "hello_world");
        PluginFolders.CopyShipped(root, "example_plugin");
        return Task.CompletedTask;
    }
}
