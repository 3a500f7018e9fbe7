using System.Net;
using System.Text.Json.Nodes;
using FastCms.Tests.Infrastructure;
using static FastCms.Tests.Infrastructure.PluginFolders;

namespace FastCms.Tests.PluginKit;

/// <summary>With <c>FastCms:Plugins:Watch</c> on, editing a plugin's files swaps the plugin while the server runs.</summary>
public sealed class PluginHotReloadTests
{
    private const string Password = "Admin-pass-1234";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Edit_WhileRunning_NewRouteAnswersAndABrokenEditKeepsTheOldOneWithTheErrorVisible()
    {
        var root = TestPaths.NewRoot();
        Write(root, "live", "Plugin.cs", Version("v1"));
        await using var host = await TestHost.StartAsync("sqlite", [new("FastCms:Plugins:Watch", "true")], root);
        var client = host.Factory.CreateClient();
        var admin = await SetupAsync(host);
        Assert.Equal("v1", await client.GetStringAsync("/api/v1/plugins/live/version"));

        Write(root, "live", "Plugin.cs", Version("v2"));
        await EventuallyAsync(async () => await VersionAsync(client) == "v2");

        Write(root, "live", "Plugin.cs", Version("v3").Replace("=> \"v3\"", "=> v3 +", StringComparison.Ordinal));
        var broken = await EventuallyAsync(async () => await PluginAsync(admin) is { } p && p["reload_error"] is not null ? p : null);
        Assert.Equal("active", broken["status"]!.GetValue<string>());
        Assert.Contains("Compilation failed", broken["reload_error"]!.GetValue<string>());
        Assert.Contains(broken["reload_diagnostics"]!.AsArray(), d => d!.GetValue<string>().Contains("Plugin.cs:", StringComparison.Ordinal));
        Assert.Equal("v2", await client.GetStringAsync("/api/v1/plugins/live/version"));
        var page = await (await AdminClient.SignInAsync(host.Factory, "admin@example.com", Password)).GetPageAsync("/admin/plugins");
        Assert.Contains("The last change did not load, so the previous version keeps running: Compilation failed", page);

        Write(root, "live", "Plugin.cs", Version("v4"));
        await EventuallyAsync(async () => await VersionAsync(client) == "v4");
        Assert.Null((await PluginAsync(admin))["reload_error"]);
    }

    [Fact]
    public async Task Edit_RegisterNowThrows_PreviousVersionKeepsServing()
    {
        var root = TestPaths.NewRoot();
        Write(root, "live", "Plugin.cs", Version("v1"));
        await using var host = await TestHost.StartAsync("sqlite", [new("FastCms:Plugins:Watch", "true")], root);
        var client = host.Factory.CreateClient();
        var admin = await SetupAsync(host);

        Write(root, "live", "Plugin.cs", Plugin("live", """
            ctx.IncludeRouter("/live").MapGet("/version", () => "v2");
            throw new InvalidOperationException("v2 is not ready");
            """));
        var kept = await EventuallyAsync(async () => await PluginAsync(admin) is { } p && p["reload_error"] is not null ? p : null);

        Assert.Equal("active", kept["status"]!.GetValue<string>());
        Assert.Contains("Register threw InvalidOperationException: v2 is not ready", kept["reload_error"]!.GetValue<string>());
        Assert.Equal("v1", await client.GetStringAsync("/api/v1/plugins/live/version"));
    }

    [Fact]
    public async Task Edit_WatchOff_ChangesNothingUntilRestart()
    {
        var root = TestPaths.NewRoot();
        Write(root, "live", "Plugin.cs", Version("v1"));
        await using var host = await TestHost.StartAsync("sqlite", [new("FastCms:Plugins:Watch", "false")], root);
        var client = host.Factory.CreateClient();

        Write(root, "live", "Plugin.cs", Version("v2"));
        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);

        Assert.Equal("v1", await client.GetStringAsync("/api/v1/plugins/live/version"));
    }

    private static string Version(string version) => Plugin("live", $$"""ctx.IncludeRouter("/live").MapGet("/version", () => "{{version}}");""");

    // During the swap itself (milliseconds) the route is briefly absent; a probe reads that as "not yet".
    private static async Task<string?> VersionAsync(HttpClient client) =>
        await client.GetAsync("/api/v1/plugins/live/version") is { IsSuccessStatusCode: true } response ? await response.Content.ReadAsStringAsync() : null;

    private static async Task<JsonNode> PluginAsync(HttpClient admin) =>
        await (await admin.GetAsync("/api/v1/admin/plugins/live")).ExpectAsync(HttpStatusCode.OK);

    private static async Task EventuallyAsync(Func<Task<bool>> condition) =>
        await EventuallyAsync(async () => await condition() ? new JsonObject() : null);

    private static async Task<JsonNode> EventuallyAsync(Func<Task<JsonNode?>> probe)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            if (await probe() is { } result)
            {
                return result;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the plugin did not reload within {Patience.TotalSeconds} s");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    private static async Task<HttpClient> SetupAsync(TestHost host)
    {
        var body = await (await host.Factory.CreateClient().PostJsonAsync("/api/v1/setup", new { email = "admin@example.com", password = Password, password_confirm = Password }))
            .ExpectAsync(HttpStatusCode.Created);
        return host.Factory.CreateClient().WithBearer(body["token"]!["access_token"]!.GetValue<string>());
    }
}
