using System.Net;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.PluginData;
using static FastCms.Tests.Infrastructure.PluginFolders;

namespace FastCms.Tests.PluginSwitch;

/// <summary>The choice to disable a plugin is stored: restarts keep it, and other instances apply it.</summary>
public sealed class PluginSwitchRestartTests
{
    // Register appends a line to a file in the plugin's folder, so the test can count the calls across restarts.
    private const string Marker = """
        System.IO.File.AppendAllText(System.IO.Path.Combine(ctx.Directory, "registered.txt"), "registered\n");
        ctx.UseSettings<MarkerSettings>();
        ctx.IncludeRouter("/marker").MapGet("/ping", () => "marker");
        """;

    private const string MarkerSettings = """

        public sealed class MarkerSettings
        {
            public string Label { get; set; } = "";
            [Secret]
            public string Token { get; set; } = "";
        }
        """;

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Restart_DisabledPlugin_StaysDisabledWithoutRegisterAndEnablesWithoutRestart(string provider)
    {
        var root = TestPaths.NewRoot();
        Write(root, "marker", "Plugin.cs", Plugin("marker", Marker) + MarkerSettings);
        await using var host = await TestHost.StartAsync(provider, root: root);
        var admin = await HostAdmin.SetupAsync(host);
        await (await admin.Client().PatchJsonAsync("/api/v1/admin/plugins/marker/settings", new { label = "kept", token = "tok-123456" })).ExpectAsync(HttpStatusCode.OK);
        await (await admin.Client().PostAsync("/api/v1/admin/plugins/marker/disable", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, RegisterCalls(root));

        // A plugin added while its dependency is disabled fails at startup, saying so.
        Write(root, "needs_marker", "Plugin.cs", Plugin("needs-marker", """ctx.IncludeRouter("/needs-marker").MapGet("/ping", () => "needs");""",
            metaExtras: """Dependencies = [new("marker")]"""));
        await host.RestartAsync();

        var marker = await admin.PluginAsync("marker");
        Assert.Equal("disabled", marker["status"]!.GetValue<string>());
        Assert.Equal("Plugin marker", marker["name"]!.GetValue<string>());
        Assert.Equal("1.0.0", marker["version"]!.GetValue<string>());
        Assert.Null(marker["error"]);
        Assert.Equal(1, RegisterCalls(root));
        await (await host.Factory.CreateClient().GetAsync("/api/v1/plugins/marker/ping")).ExpectProblemAsync(HttpStatusCode.NotFound);
        var dependent = await admin.PluginAsync("needs-marker");
        Assert.Equal("failed", dependent["status"]!.GetValue<string>());
        Assert.Equal("Depends on plugin 'marker', which is disabled.", dependent["error"]!.GetValue<string>());

        // Its settings stay readable, with the secret masked although the plugin never declared its schema here.
        var settings = await (await admin.Client().GetAsync("/api/v1/admin/plugins/marker/settings")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("kept", settings["label"]!.GetValue<string>());
        Assert.Equal("********", settings["token"]!.GetValue<string>());

        var refused = await (await admin.Client().PostAsync("/api/v1/admin/plugins/needs-marker/enable", null)).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("Plugin 'needs-marker' cannot be enabled: it depends on plugin 'marker', which is disabled; enable it first.", refused["detail"]!.GetValue<string>());

        var enabled = await (await admin.Client().PostAsync("/api/v1/admin/plugins/marker/enable", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("active", enabled["status"]!.GetValue<string>());
        Assert.True(enabled["has_settings_schema"]!.GetValue<bool>());
        Assert.Equal(2, RegisterCalls(root));
        Assert.Equal("marker", await host.Factory.CreateClient().GetStringAsync("/api/v1/plugins/marker/ping"));
        await (await admin.Client().PostAsync("/api/v1/admin/plugins/needs-marker/enable", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("needs", await host.Factory.CreateClient().GetStringAsync("/api/v1/plugins/needs-marker/ping"));

        await host.RestartAsync();
        Assert.Equal("active", (await admin.PluginAsync("marker"))["status"]!.GetValue<string>());
        Assert.Equal("active", (await admin.PluginAsync("needs-marker"))["status"]!.GetValue<string>());
        Assert.Equal(3, RegisterCalls(root));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Restart_DisabledPluginWithChangedModel_RunsNoSchemaUpkeepUntilEnabled(string provider)
    {
        var root = TestPaths.NewRoot();
        Write(root, "memo", "Plugin.cs", MemoPlugin.Source());
        await using var host = await TestHost.StartAsync(provider, root: root);
        var admin = await HostAdmin.SetupAsync(host);
        await (await admin.Client().PostAsync("/api/v1/admin/plugins/memo/disable", null)).ExpectAsync(HttpStatusCode.OK);

        Write(root, "memo", "Plugin.cs", MemoPlugin.Source(properties: "public string Title { get; set; } = \"\"; public int Priority { get; set; }",
            projection: "new { n.Title, n.Priority }"));
        await host.RestartAsync();
        Assert.Equal("disabled", (await admin.PluginAsync("memo"))["status"]!.GetValue<string>());
        Assert.True(await DbProbe.TableExistsAsync(host, MemoPlugin.Table));
        Assert.False(await ColumnExistsAsync(host, MemoPlugin.Table, "priority"));

        var enabled = await (await admin.Client().PostAsync("/api/v1/admin/plugins/memo/enable", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([MemoPlugin.Table], enabled["tables"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.True(await ColumnExistsAsync(host, MemoPlugin.Table, "priority"));
        await (await host.Factory.CreateClient().PostJsonAsync("/api/v1/plugins/memo/notes", new { title = "after enable", priority = 3 })).ExpectAsync(HttpStatusCode.Created);
        var notes = await (await host.Factory.CreateClient().GetAsync("/api/v1/plugins/memo/notes")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(3, notes[0]!["priority"]!.GetValue<int>());
    }

    private static async Task<bool> ColumnExistsAsync(TestHost host, string table, string column) =>
        Convert.ToInt64(await DbProbe.ScalarAsync(host, host.Database.Provider == "postgres"
            ? $"SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '{table}' AND column_name = '{column}'"
            : $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = '{column}'")) == 1;

    private static int RegisterCalls(string root)
    {
        var path = Path.Combine(root, "plugins", "marker", "registered.txt");
        return File.Exists(path) ? File.ReadAllLines(path).Length : 0;
    }

    [Fact]
    public async Task Disable_OnOneInstance_WithdrawsThePluginOnTheOtherWithinSeconds()
    {
        await using var database = await Databases.CreateAsync("postgres");
        var rootA = TestPaths.NewRoot();
        var rootB = TestPaths.NewRoot();
        foreach (var root in new[] { rootA, rootB })
        {
            Write(root, "shared", "Plugin.cs", Plugin("shared", """ctx.IncludeRouter("/shared").MapGet("/ping", () => "shared");"""));
        }

        await using var a = TestHost.Start(database, rootA);
        await using var b = TestHost.Start(database, rootB);
        var admin = await HostAdmin.SetupAsync(a);
        Assert.Equal("shared", await b.Factory.CreateClient().GetStringAsync("/api/v1/plugins/shared/ping"));

        await (await admin.Client().PostAsync("/api/v1/admin/plugins/shared/disable", null)).ExpectAsync(HttpStatusCode.OK);
        await JobTests.Eventually(async () => (await b.Factory.CreateClient().GetAsync("/api/v1/plugins/shared/ping")).StatusCode == HttpStatusCode.NotFound, seconds: 10);
        var onB = b.Factory.CreateClient().WithBearer(await TokenAsync(b));
        Assert.Equal("disabled", (await (await onB.GetAsync("/api/v1/admin/plugins/shared")).ExpectAsync(HttpStatusCode.OK))["status"]!.GetValue<string>());

        await (await admin.Client().PostAsync("/api/v1/admin/plugins/shared/enable", null)).ExpectAsync(HttpStatusCode.OK);
        await JobTests.Eventually(async () => (await b.Factory.CreateClient().GetAsync("/api/v1/plugins/shared/ping")).StatusCode == HttpStatusCode.OK, seconds: 10);
        TestPaths.TryDelete(rootA);
        TestPaths.TryDelete(rootB);
    }

    private static async Task<string> TokenAsync(TestHost host)
    {
        var login = await (await host.Factory.CreateClient().PostJsonAsync("/api/v1/auth/login", new { email = "admin@example.com", password = ServerFixture.AdminPassword }))
            .ExpectAsync(HttpStatusCode.OK);
        return login["token"]!["access_token"]!.GetValue<string>();
    }
}
