using FastCms.Plugins;

namespace FastCms.Tests.PluginKit;

/// <summary>The contract assembly (and so its NuGet package) carries PluginApi.Version, which the host compares by major version.</summary>
public sealed class ContractVersionTests
{
    [Fact]
    public void ContractAssembly_Version_IsPluginApiVersion()
    {
        var assembly = typeof(IPlugin).Assembly.GetName().Version!;

        Assert.Equal(PluginApi.Version, $"{assembly.Major}.{assembly.Minor}.{assembly.Build}");
    }
}
