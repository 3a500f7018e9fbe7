using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FastCms.Tests.Infrastructure;

/// <summary>
/// The real server in-process over a real database, with its data, plugins and hooks folders in a temporary
/// directory owned by the test.
/// </summary>
public sealed class FastCmsFactory(TestDatabase database, string root, IEnumerable<KeyValuePair<string, string?>>? settings = null)
    : WebApplicationFactory<Program>
{
    public string Root { get; } = root;

    public string DataDir => Path.Combine(Root, "data");

    public string PluginsDir => Path.Combine(Root, "plugins");

    public string HooksDir => Path.Combine(Root, "hooks");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("FastCms:DataDir", DataDir);
        builder.UseSetting("FastCms:PluginsDir", PluginsDir);
        builder.UseSetting("FastCms:HooksDir", HooksDir);
        foreach (var (key, value) in database.Settings.Concat(settings ?? []))
        {
            builder.UseSetting(key, value);
        }
    }
}
