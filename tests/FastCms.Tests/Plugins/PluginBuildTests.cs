using System.Net;
using FastCms.PluginHost.Loading;
using FastCms.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using static FastCms.Tests.Infrastructure.PluginFolders;

namespace FastCms.Tests.Plugins;

/// <summary>The compile cache across restarts, and prebuilt plugins with private dependencies.</summary>
public sealed class PluginBuildTests
{
    private const string Password = "Admin-pass-1234";

    [Fact]
    public async Task Restart_UnchangedSources_LoadsFromCacheAndChangedSourcesRecompile()
    {
        var root = TestPaths.NewRoot();
        Write(root, "cached", "Plugin.cs", Plugin("cached", """ctx.IncludeRouter("/cached").MapGet("/version", () => "v1");"""));
        await using var host = await TestHost.StartAsync("sqlite", root: root);
        var admin = await SetupAsync(host);
        Assert.False(await CacheHitAsync(host, admin));
        var cached = Directory.GetFiles(Path.Combine(root, "data", "plugin-cache", "cached"), "*.dll").Single();
        var written = File.GetLastWriteTimeUtc(cached);

        await host.RestartAsync();
        Assert.True(await CacheHitAsync(host, admin));
        Assert.Equal("v1", await host.Factory.CreateClient().GetStringAsync("/api/v1/plugins/cached/version"));
        Assert.Equal(written, File.GetLastWriteTimeUtc(cached));

        Write(root, "cached", "Plugin.cs", Plugin("cached", """ctx.IncludeRouter("/cached").MapGet("/version", () => "v2");"""));
        await host.RestartAsync();
        Assert.False(await CacheHitAsync(host, admin));
        Assert.Equal("v2", await host.Factory.CreateClient().GetStringAsync("/api/v1/plugins/cached/version"));
        Assert.Single(Directory.GetFiles(Path.Combine(root, "data", "plugin-cache", "cached"), "*.dll"));
    }

    [Fact]
    public async Task PrebuiltPlugin_LoadsWithPrivateDependencyAndSharesHostTypes()
    {
        var root = TestPaths.NewRoot();
        var bin = Path.Combine(root, "plugins", "prebuilt", "bin");
        Directory.CreateDirectory(bin);
        var library = Compile("PrivateGreeter", """
            namespace PrivateGreeter;
            public static class Greeter { public static string Greet() => "hello from a private library"; }
            """, []);
        File.WriteAllBytes(Path.Combine(bin, "PrivateGreeter.dll"), library);
        var plugin = Compile("PrebuiltPlugin", """
            using System.Runtime.Loader;
            using FastCms.Plugins;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            namespace PrebuiltPlugin;
            public sealed class Plugin : IPlugin
            {
                public PluginMeta Meta { get; } = new("prebuilt", "Prebuilt", "2.1.0");
                public void Register(IPluginContext ctx) => ctx.IncludeRouter("/prebuilt").MapGet("/info", () => new
                {
                    greeting = PrivateGreeter.Greeter.Greet(),
                    contract_context = AssemblyLoadContext.GetLoadContext(typeof(IPlugin).Assembly)!.Name,
                    private_context = AssemblyLoadContext.GetLoadContext(typeof(PrivateGreeter.Greeter).Assembly)!.Name,
                });
            }
            """, [MetadataReference.CreateFromImage(library)]);
        File.WriteAllBytes(Path.Combine(bin, "PrebuiltPlugin.dll"), plugin);
        File.WriteAllText(Path.Combine(root, "plugins", "prebuilt", "plugin.json"), """{"assembly": "bin/PrebuiltPlugin.dll"}""");

        await using var host = await TestHost.StartAsync("sqlite", root: root);
        var info = await (await host.Factory.CreateClient().GetAsync("/api/v1/plugins/prebuilt/info")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("hello from a private library", info["greeting"]!.GetValue<string>());
        Assert.Equal("Default", info["contract_context"]!.GetValue<string>());
        Assert.Equal("plugin:prebuilt", info["private_context"]!.GetValue<string>());

        var admin = await SetupAsync(host);
        var listed = await (await admin.GetAsync("/api/v1/admin/plugins/prebuilt")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("prebuilt", listed["kind"]!.GetValue<string>());
        Assert.Equal("active", listed["status"]!.GetValue<string>());
    }

    private static byte[] Compile(string name, string source, IEnumerable<MetadataReference> extra)
    {
        var compilation = CSharpCompilation.Create(
            name,
            [CSharpSyntaxTree.ParseText(source)],
            HostAssemblies.CompileReferencePaths().Select(p => MetadataReference.CreateFromFile(p)).Concat(extra),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return stream.ToArray();
    }

    private static async Task<HttpClient> SetupAsync(TestHost host)
    {
        var body = await (await host.Factory.CreateClient().PostJsonAsync("/api/v1/setup", new { email = "admin@example.com", password = Password, password_confirm = Password }))
            .ExpectAsync(HttpStatusCode.Created);
        return host.Factory.CreateClient().WithBearer(body["token"]!["access_token"]!.GetValue<string>());
    }

    private static async Task<bool> CacheHitAsync(TestHost host, HttpClient admin)
    {
        var token = admin.DefaultRequestHeaders.Authorization!.Parameter!;
        var plugin = await (await host.Factory.CreateClient().WithBearer(token).GetAsync("/api/v1/admin/plugins/cached")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("active", plugin["status"]!.GetValue<string>());
        return plugin["cache_hit"]!.GetValue<bool>();
    }
}
