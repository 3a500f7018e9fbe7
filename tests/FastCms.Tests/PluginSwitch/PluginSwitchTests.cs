using System.Net;
using System.Text.Json.Nodes;
using FastCms.Events;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.Metrics;
using FastCms.Tests.PluginData;
using Microsoft.Extensions.DependencyInjection;

namespace FastCms.Tests.PluginSwitch;

/// <summary>
/// Enabling and disabling plugins through the admin API while the server runs: everything a plugin registered goes
/// and comes back, no restart. The tests share one server and put every plugin back the way they found it.
/// </summary>
public abstract class PluginSwitchTests(ServerFixture server) : ServerTests(server)
{
    [Fact]
    public async Task Disable_ActivePlugin_WithdrawsRoutesHooksJobsAndPagesAndEnableBringsThemBack()
    {
        await EnableAsync("switch");
        await EnsureCollectionAsync();
        var admin = await SignInAsync();
        Assert.Equal("pong", await Anonymous().GetStringAsync("/api/v1/plugins/switch/ping"));
        Assert.Contains("data-nav=\"switch-page\"", await admin.GetPageAsync("/admin"));

        var disabled = await (await Admin.PostAsync("/api/v1/admin/plugins/switch/disable", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("disabled", disabled["status"]!.GetValue<string>());
        Assert.Empty(disabled["route_prefixes"]!.AsArray());
        Assert.Empty(disabled["jobs"]!.AsArray());
        Assert.Equal("disabled", (await ListedAsync("switch"))["status"]!.GetValue<string>());

        await (await Anonymous().GetAsync("/api/v1/plugins/switch/ping")).ExpectProblemAsync(HttpStatusCode.NotFound);
        var record = await CreateAsync("while disabled");
        Assert.Equal("while disabled", record["data"]!["title"]!.GetValue<string>());
        await Server.Factory.Services.GetRequiredService<EventQueue>().WhenIdleAsync(TestContext.Current.CancellationToken);
        Assert.NotEqual(record["id"]!.GetValue<string>(), (await SettingsAsync())["last_after"]?.GetValue<string>());
        await admin.GetPageAsync("/admin/plugins/switch", HttpStatusCode.NotFound);
        Assert.DoesNotContain("data-nav=\"switch-page\"", await admin.GetPageAsync("/admin"));
        var jobs = await (await Admin.GetAsync("/api/v1/admin/jobs")).ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(jobs.AsArray(), j => j!["plugin"]!.GetValue<string>() == "switch");
        await (await Admin.PostAsync("/api/v1/admin/jobs/switch/tick/run", null)).ExpectProblemAsync(HttpStatusCode.NotFound);

        // A run that started just before the disable may still finish; after that the count stands still.
        await Task.Delay(1500, TestContext.Current.CancellationToken);
        var runs = (await SettingsAsync())["job_runs"]?.GetValue<int>();
        await Task.Delay(2500, TestContext.Current.CancellationToken);
        Assert.Equal(runs, (await SettingsAsync())["job_runs"]?.GetValue<int>());

        var enabled = await (await Admin.PostAsync("/api/v1/admin/plugins/switch/enable", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("active", enabled["status"]!.GetValue<string>());
        Assert.Equal(["/switch"], enabled["route_prefixes"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(["tick"], enabled["jobs"]!.AsArray().Select(j => j!.GetValue<string>()));

        Assert.Equal("pong", await Anonymous().GetStringAsync("/api/v1/plugins/switch/ping"));
        var again = await CreateAsync("while enabled");
        Assert.Equal("while enabled (hooked)", again["data"]!["title"]!.GetValue<string>());
        await Server.Factory.Services.GetRequiredService<EventQueue>().WhenIdleAsync(TestContext.Current.CancellationToken);
        Assert.Equal(again["id"]!.GetValue<string>(), (await SettingsAsync())["last_after"]!.GetValue<string>());
        Assert.Contains("<p id=\"switch-page\">the switch page</p>", await admin.GetPageAsync("/admin/plugins/switch"));
        Assert.Contains("data-nav=\"switch-page\"", await admin.GetPageAsync("/admin"));
        await JobTests.Eventually(async () => (await SettingsAsync())["job_runs"]?.GetValue<int>() > runs);
    }

    [Fact]
    public async Task Disable_Settings_StayEditableAndChangeHandlersStopUntilEnabled()
    {
        await EnableAsync("switch");
        var before = int.Parse(await Anonymous().GetStringAsync("/api/v1/plugins/switch/color-changes"));
        await (await Admin.PostAsync("/api/v1/admin/plugins/switch/disable", null)).ExpectAsync(HttpStatusCode.OK);

        var patched = await (await Admin.PatchJsonAsync("/api/v1/admin/plugins/switch/settings", new { color = "red" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("red", patched["color"]!.GetValue<string>());
        Assert.Equal("red", (await SettingsAsync())["color"]!.GetValue<string>());

        await (await Admin.PostAsync("/api/v1/admin/plugins/switch/enable", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(before, int.Parse(await Anonymous().GetStringAsync("/api/v1/plugins/switch/color-changes")));

        // Exactly one handler now: the new registration's, not the withdrawn one as well.
        await (await Admin.PatchJsonAsync("/api/v1/admin/plugins/switch/settings", new { color = "blue" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(before + 1, int.Parse(await Anonymous().GetStringAsync("/api/v1/plugins/switch/color-changes")));
    }

    [Fact]
    public async Task DisableAndEnable_Twice_SecondAnswers200Unchanged()
    {
        await EnableAsync("base");
        await (await Admin.PostAsync("/api/v1/admin/plugins/dependent/disable", null)).ExpectAsync(HttpStatusCode.OK);
        var second = await (await Admin.PostAsync("/api/v1/admin/plugins/dependent/disable", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("disabled", second["status"]!.GetValue<string>());

        await (await Admin.PostAsync("/api/v1/admin/plugins/dependent/enable", null)).ExpectAsync(HttpStatusCode.OK);
        var enabled = await (await Admin.PostAsync("/api/v1/admin/plugins/dependent/enable", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("active", enabled["status"]!.GetValue<string>());
        Assert.Equal("dependent", await Anonymous().GetStringAsync("/api/v1/plugins/dependent/ping"));
    }

    [Fact]
    public async Task DisableAndEnable_DependencyInTheWay_Answer409NamingIt()
    {
        await EnableAsync("base");
        await EnableAsync("dependent");

        var refused = await (await Admin.PostAsync("/api/v1/admin/plugins/base/disable", null)).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("Plugin 'base' cannot be disabled: active plugins depend on it: 'dependent'. Disable them first.", refused["detail"]!.GetValue<string>());
        Assert.Equal("base", await Anonymous().GetStringAsync("/api/v1/plugins/base/ping"));

        await (await Admin.PostAsync("/api/v1/admin/plugins/dependent/disable", null)).ExpectAsync(HttpStatusCode.OK);
        await (await Admin.PostAsync("/api/v1/admin/plugins/base/disable", null)).ExpectAsync(HttpStatusCode.OK);
        var blocked = await (await Admin.PostAsync("/api/v1/admin/plugins/dependent/enable", null)).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("Plugin 'dependent' cannot be enabled: it depends on plugin 'base', which is disabled; enable it first.", blocked["detail"]!.GetValue<string>());
        Assert.Equal("disabled", (await ListedAsync("dependent"))["status"]!.GetValue<string>());

        await EnableAsync("base");
        await EnableAsync("dependent");
        Assert.Equal("dependent", await Anonymous().GetStringAsync("/api/v1/plugins/dependent/ping"));
    }

    [Fact]
    public async Task Enable_RegisterThrows_Answers409FailedAndMountsNothingThenSucceedsOnceFixed()
    {
        await EnableAsync("throws");
        await (await Admin.PostAsync("/api/v1/admin/plugins/throws/disable", null)).ExpectAsync(HttpStatusCode.OK);
        await (await Admin.PatchJsonAsync("/api/v1/admin/plugins/throws/settings", new { explode = true })).ExpectAsync(HttpStatusCode.OK);

        var problem = await (await Admin.PostAsync("/api/v1/admin/plugins/throws/enable", null)).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.StartsWith("Plugin 'throws' could not be enabled: Register threw InvalidOperationException: the explode setting is on", problem["detail"]!.GetValue<string>());
        var plugin = await ListedAsync("throws");
        Assert.Equal("failed", plugin["status"]!.GetValue<string>());
        Assert.StartsWith("Register threw InvalidOperationException: the explode setting is on", plugin["error"]!.GetValue<string>());
        Assert.Empty(plugin["route_prefixes"]!.AsArray());
        await (await Anonymous().GetAsync("/api/v1/plugins/throws/ping")).ExpectProblemAsync(HttpStatusCode.NotFound);

        // A plugin that failed to register is retried by enable.
        await (await Admin.PatchJsonAsync("/api/v1/admin/plugins/throws/settings", new { explode = false })).ExpectAsync(HttpStatusCode.OK);
        var enabled = await (await Admin.PostAsync("/api/v1/admin/plugins/throws/enable", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("active", enabled["status"]!.GetValue<string>());
        Assert.Null(enabled["error"]);
        Assert.Equal("throws", await Anonymous().GetStringAsync("/api/v1/plugins/throws/ping"));
    }

    [Fact]
    public async Task EnableOrDisable_PluginThatDidNotCompile_Answers409WithItsStatus()
    {
        var enable = await (await Admin.PostAsync("/api/v1/admin/plugins/e_broken/enable", null)).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.StartsWith("Plugin 'e_broken' cannot be enabled: it is compile_error (Compilation failed", enable["detail"]!.GetValue<string>());
        var disable = await (await Admin.PostAsync("/api/v1/admin/plugins/e_broken/disable", null)).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.StartsWith("Plugin 'e_broken' cannot be disabled: it is compile_error", disable["detail"]!.GetValue<string>());
        Assert.Equal("compile_error", (await ListedAsync("e_broken"))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task EnableAndDisable_UnknownIdOrNotAdmin_Answer404Or401Or403()
    {
        foreach (var action in new[] { "enable", "disable" })
        {
            await (await Admin.PostAsync($"/api/v1/admin/plugins/nothing-here/{action}", null)).ExpectProblemAsync(HttpStatusCode.NotFound);
            await (await Anonymous().PostAsync($"/api/v1/admin/plugins/base/{action}", null)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
            var (_, _, user, _) = await Server.NewUserAsync();
            await (await user.PostAsync($"/api/v1/admin/plugins/base/{action}", null)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        }

        Assert.Equal("active", (await ListedAsync("base"))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task OpenApi_EnableAndDisable_AreDescribedAndDisabledPluginRoutesLeaveTheDocument()
    {
        await EnableAsync("throws");
        var paths = await OpenApiPathsAsync();
        Assert.Equal("Enable a plugin: register it now and at every start", paths["/api/v1/admin/plugins/{id}/enable"]!["post"]!["summary"]!.GetValue<string>());
        Assert.StartsWith("Disable a plugin", paths["/api/v1/admin/plugins/{id}/disable"]!["post"]!["summary"]!.GetValue<string>());
        Assert.NotNull(paths["/api/v1/plugins/throws/ping"]);

        await (await Admin.PostAsync("/api/v1/admin/plugins/throws/disable", null)).ExpectAsync(HttpStatusCode.OK);
        var disabled = await OpenApiPathsAsync();
        await EnableAsync("throws");
        Assert.Null(disabled["/api/v1/plugins/throws/ping"]);
        Assert.NotNull((await OpenApiPathsAsync())["/api/v1/plugins/throws/ping"]);
    }

    [Fact]
    public async Task Disable_PluginsGauge_CountsTheDisabledPlugin()
    {
        await EnableAsync("throws");
        Assert.Equal(0, await GaugeAsync("disabled"));
        var active = await GaugeAsync("active");

        await (await Admin.PostAsync("/api/v1/admin/plugins/throws/disable", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, await GaugeAsync("disabled"));
        Assert.Equal(active - 1, await GaugeAsync("active"));

        await EnableAsync("throws");
        Assert.Equal(0, await GaugeAsync("disabled"));
    }

    [Fact]
    public async Task PluginsPage_DisableForm_WithTokenDisablesAndWithoutTokenIsRefused()
    {
        await EnableAsync("switch");
        var admin = await SignInAsync();
        var page = await admin.GetPageAsync("/admin/plugins");
        Assert.Matches("<form method=\"post\" action=\"/admin/plugins\\?handler=Disable\">\\s*<input type=\"hidden\" name=\"id\" value=\"switch\">", page);

        var refused = await admin.PostAsync("/admin/plugins?handler=Disable", new() { ["id"] = "switch" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("active", (await ListedAsync("switch"))["status"]!.GetValue<string>());

        var response = await admin.SubmitAsync("/admin/plugins?handler=Disable", new() { ["id"] = "switch" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin/plugins#plugin-switch", response.Headers.Location!.OriginalString);
        Assert.Equal("disabled", (await ListedAsync("switch"))["status"]!.GetValue<string>());
        var after = await admin.GetPageAsync("/admin/plugins");
        Assert.Contains("Plugin switch is disabled: its routes, hooks, jobs and pages are gone; its settings and data stay.", after);
        Assert.Contains("<span class=\"badge status muted\">disabled</span>", after);
        Assert.DoesNotContain("data-nav=\"switch-page\"", after);

        var enabled = await admin.SubmitAsync("/admin/plugins?handler=Enable", new() { ["id"] = "switch" });
        Assert.Equal(HttpStatusCode.Redirect, enabled.StatusCode);
        Assert.Equal("pong", await Anonymous().GetStringAsync("/api/v1/plugins/switch/ping"));
    }

    [Fact]
    public async Task PluginsPage_RefusedDisable_ShowsWhy()
    {
        await EnableAsync("base");
        await EnableAsync("dependent");
        var admin = await SignInAsync();

        var response = await admin.SubmitAsync("/admin/plugins?handler=Disable", new() { ["id"] = "base" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await admin.GetPageAsync("/admin/plugins");
        Assert.Contains("Plugin &#x27;base&#x27; cannot be disabled: active plugins depend on it: &#x27;dependent&#x27;. Disable them first.", page);
        Assert.Equal("active", (await ListedAsync("base"))["status"]!.GetValue<string>());
    }

    private Task<AdminClient> SignInAsync() => AdminClient.SignInAsync(Server.Factory, Server.AdminEmail, ServerFixture.AdminPassword);

    private async Task EnableAsync(string id) =>
        await (await Admin.PostAsync($"/api/v1/admin/plugins/{id}/enable", null)).ExpectAsync(HttpStatusCode.OK);

    private async Task<JsonNode> ListedAsync(string id)
    {
        var plugins = await (await Admin.GetAsync("/api/v1/admin/plugins")).ExpectAsync(HttpStatusCode.OK);
        return plugins.AsArray().Single(p => (p!["id"]?.GetValue<string>() ?? p["folder"]!.GetValue<string>()) == id)!;
    }

    private async Task<JsonNode> OpenApiPathsAsync() =>
        (await (await Anonymous().GetAsync("/openapi/v1.json")).ExpectAsync(HttpStatusCode.OK))["paths"]!;

    private async Task<JsonNode> SettingsAsync() =>
        await (await Admin.GetAsync("/api/v1/admin/plugins/switch/settings")).ExpectAsync(HttpStatusCode.OK);

    private async Task EnsureCollectionAsync()
    {
        var response = await Admin.PostJsonAsync("/api/v1/collections", new { name = "switched", schema = new object[] { new { name = "title", type = "text" } } });
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonNode> CreateAsync(string title) =>
        await (await Admin.PostJsonAsync("/api/v1/collections/switched/records", new { data = new { title } })).ExpectAsync(HttpStatusCode.Created);

    private async Task<double> GaugeAsync(string status)
    {
        var response = await Admin.GetAsync("/api/v1/admin/metrics/prometheus");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync()).Sum("fastcms_plugins", ("status", status));
    }
}

public sealed class PluginSwitchTestsSqlite(SqliteServer<SwitchPluginsSetup> s) : PluginSwitchTests(s), IClassFixture<SqliteServer<SwitchPluginsSetup>>;

public sealed class PluginSwitchTestsPostgres(PostgresServer<SwitchPluginsSetup> s) : PluginSwitchTests(s), IClassFixture<PostgresServer<SwitchPluginsSetup>>;
