using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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

    /// <summary>What the server logged.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>Endpoints a test adds to the server; they run behind the same pipeline as the server's own.</summary>
    public Action<IEndpointRouteBuilder>? TestEndpoints { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.UseSetting("FastCms:DataDir", DataDir);
        builder.UseSetting("FastCms:PluginsDir", PluginsDir);
        builder.UseSetting("FastCms:HooksDir", HooksDir);
        foreach (var (key, value) in database.Settings.Concat(settings ?? []))
        {
            builder.UseSetting(key, value);
        }

        if (TestEndpoints is { } map)
        {
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new TestEndpointsFilter(map)));
        }
    }

    // Once the application has configured its pipeline, the builder's route builder is the application itself,
    // so endpoints mapped here join the server's own and are matched by its routing middleware.
    private sealed class TestEndpointsFilter(Action<IEndpointRouteBuilder> map) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.UseEndpoints(map);
        };
    }
}
