using FastCms.PluginHost.Loading;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FastCms.Plugins.Testing;

/// <summary>
/// The server's own startup (its <c>Program</c>) with the test's folders and database, and the plugin under test handed
/// to the plugin host as an already loaded type, so the test and the server share the plugin's types.
/// </summary>
internal sealed class KitFactory(string root, IReadOnlyDictionary<string, string?> settings, PreloadedPlugin plugin) : WebApplicationFactory<Program>
{
    // Outside the server's own repository the factory finds no content root of its own (no solution file, no project
    // reference) and refuses to start unless this names one. Any folder will do: ConfigureWebHost sets the real one.
    private const string ContentRootVariable = "ASPNETCORE_TEST_CONTENTROOT_FASTCMS";

    static KitFactory()
    {
        if (Environment.GetEnvironmentVariable(ContentRootVariable) is null)
        {
            Environment.SetEnvironmentVariable(ContentRootVariable, AppContext.BaseDirectory);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseContentRoot(root);
        builder.UseSetting("FastCms:DataDir", Path.Combine(root, "data"));
        builder.UseSetting("FastCms:PluginsDir", Path.Combine(root, "plugins"));
        builder.UseSetting("FastCms:HooksDir", Path.Combine(root, "hooks"));
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.AddSingleton(plugin));
    }
}
