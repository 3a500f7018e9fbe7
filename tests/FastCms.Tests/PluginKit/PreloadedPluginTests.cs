using System.Net;
using FastCms.Plugins;
using FastCms.PluginHost.Loading;
using FastCms.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace FastCms.Tests.PluginKit;

/// <summary>
/// The seam the plugin test kit uses: a plugin class already loaded in the process is registered like a discovered
/// plugin, listed under its folder name, its routes served, and it is the same type the caller holds.
/// </summary>
public sealed class PreloadedPluginTests
{
    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task LoadAll_PreloadedPlugin_RegistersTheCallersTypeBesideDiscoveredPlugins(string provider)
    {
        await using var database = await Databases.CreateAsync(provider);
        var root = TestPaths.NewRoot();
        PluginFolders.Write(root, "discovered", "Plugin.cs", PluginFolders.Plugin("discovered", """ctx.IncludeRouter("/discovered").MapGet("/", () => "compiled");"""));
        var folder = Directory.CreateDirectory(Path.Combine(root, "under-test")).FullName;
        await using var factory = new FastCmsFactory(database, root);
        await using var server = factory.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.AddSingleton(new PreloadedPlugin(typeof(LoadedPlugin), "under-test", folder))));
        var setup = await (await server.CreateClient().PostJsonAsync("/api/v1/setup",
            new { email = "admin@example.com", password = ServerFixture.AdminPassword, password_confirm = ServerFixture.AdminPassword })).ExpectAsync(HttpStatusCode.Created);
        var admin = server.CreateClient().WithBearer(setup["token"]!["access_token"]!.GetValue<string>());

        var answer = await server.CreateClient().GetStringAsync("/api/v1/plugins/loaded/type");
        var compiled = await server.CreateClient().GetStringAsync("/api/v1/plugins/discovered");
        var byFolder = await (await admin.GetAsync("/api/v1/admin/plugins/under-test")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(typeof(LoadedPlugin).AssemblyQualifiedName, answer);
        Assert.Equal("compiled", compiled);
        Assert.Equal("loaded", byFolder["id"]!.GetValue<string>());
        Assert.Equal("active", byFolder["status"]!.GetValue<string>());
        Assert.Equal("under-test", byFolder["folder"]!.GetValue<string>());
        TestPaths.TryDelete(root);
    }

    public sealed class LoadedPlugin : IPlugin
    {
        public PluginMeta Meta { get; } = new("loaded", "Loaded", "1.0.0");

        public void Register(IPluginContext ctx) =>
            ctx.IncludeRouter("/loaded").MapGet("/type", () => GetType().AssemblyQualifiedName!);
    }
}
