using System.Net;
using System.Text.Json.Nodes;
using FastCms.Events;
using FastCms.Plugins.Events;
using FastCms.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FastCms.Tests.Plugins;

/// <summary>Good and broken plugins in one server start: the server runs, good plugins serve, each bad one says why.</summary>
public sealed class PluginMatrixTests(PluginMatrixServer server) : ServerTests(server), IClassFixture<PluginMatrixServer>
{
    [Fact]
    public async Task GoodPlugins_AreActiveAndServe()
    {
        await (await Anonymous().GetAsync("/api/v1/plugins/good/ping")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("ok", await (await Anonymous().GetAsync("/api/v1/plugins/needs-good/ok")).Content.ReadAsStringAsync());

        var plugins = await ListAsync();
        Assert.Equal("active", Status(plugins, "a_good"));
        Assert.Equal("active", Status(plugins, "b_needs_good"));
    }

    [Theory]
    [InlineData("c_compile_error", "compile_error")]
    [InlineData("d_register_throws", "failed")]
    [InlineData("e_empty_id", "failed")]
    [InlineData("f_bad_id", "failed")]
    [InlineData("g_bad_version", "failed")]
    [InlineData("h_duplicate_id", "failed")]
    [InlineData("i_duplicate_prefix", "failed")]
    [InlineData("j_no_plugin_class", "failed")]
    [InlineData("k_two_plugin_classes", "failed")]
    [InlineData("l_missing_dependency", "failed")]
    [InlineData("m_cycle_a", "failed")]
    [InlineData("n_cycle_b", "failed")]
    [InlineData("o_incompatible", "incompatible")]
    [InlineData("p_dependency_out_of_range", "failed")]
    [InlineData("q_empty_folder", "load_error")]
    [InlineData("r_bad_prefix", "failed")]
    [InlineData("s_bad_manifest", "load_error")]
    public async Task BrokenPlugin_IsListedWithStatus(string folder, string status)
    {
        Assert.Equal(status, Status(await ListAsync(), folder));
    }

    [Theory]
    [InlineData("c_compile_error", "Compilation failed")]
    [InlineData("d_register_throws", "Register threw InvalidOperationException: Register failed on purpose (at Plugin.cs:")]
    [InlineData("e_empty_id", "Meta.Id is required")]
    [InlineData("f_bad_id", "must be a URL-safe slug")]
    [InlineData("g_bad_version", "must be a semantic version")]
    [InlineData("h_duplicate_id", "already used by the plugin in folder 'a_good'")]
    [InlineData("i_duplicate_prefix", "overlaps the prefix of plugin 'good'")]
    [InlineData("j_no_plugin_class", "No class implements IPlugin")]
    [InlineData("k_two_plugin_classes", "found 2")]
    [InlineData("l_missing_dependency", "'not-installed', which is not installed")]
    [InlineData("m_cycle_a", "Dependency cycle")]
    [InlineData("o_incompatible", "Requires host API ^2.0")]
    [InlineData("p_dependency_out_of_range", "but version 1.0.0 is installed")]
    [InlineData("q_empty_folder", "no C# files")]
    [InlineData("r_bad_prefix", "must start with '/'")]
    [InlineData("s_bad_manifest", "outside the plugin folder")]
    public async Task BrokenPlugin_ExplainsWhy(string folder, string expected)
    {
        var plugin = Find(await ListAsync(), folder);
        Assert.Contains(expected, plugin["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task CompileError_HasDiagnosticsWithFileLineAndCode()
    {
        var plugin = Find(await ListAsync(), "c_compile_error");
        var diagnostics = plugin["diagnostics"]!.AsArray().Select(d => d!.GetValue<string>()).ToList();
        Assert.Contains(diagnostics, d => d.StartsWith("Sub/Broken.cs:1:24 CS0029", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.StartsWith("Plugin.cs:", StringComparison.Ordinal) && d.Contains("CS1002"));
    }

    [Fact]
    public async Task RegisterThrows_NothingItRegisteredIsActive()
    {
        await (await Anonymous().GetAsync("/api/v1/plugins/half/route")).ExpectProblemAsync(HttpStatusCode.NotFound);
        var plugin = Find(await ListAsync(), "d_register_throws");
        Assert.Empty(plugin["route_prefixes"]!.AsArray());
        Assert.Empty(plugin["admin_pages"]!.AsArray());
        Assert.DoesNotContain(Server.Factory.Services.GetRequiredService<FastCms.AdminShell.AdminPageRegistry>().Pages, p => p.NavId == "half-page");
    }

    [Fact]
    public async Task DisabledAndHiddenFolders_AreNotDiscovered()
    {
        var folders = (await ListAsync()).Select(p => p!["folder"]!.GetValue<string>()).ToList();
        Assert.DoesNotContain("_disabled", folders);
        Assert.DoesNotContain(".hidden", folders);
    }

    [Fact]
    public async Task PluginEndpointThrows_Returns500ProblemNamingThePluginAndServerKeepsServing()
    {
        var problem = await (await Anonymous().GetAsync("/api/v1/plugins/good/boom")).ExpectProblemAsync(HttpStatusCode.InternalServerError);
        Assert.Contains("plugin 'good'", problem["detail"]!.GetValue<string>());
        Assert.DoesNotContain("kaboom", problem.ToJsonString());
        await (await Anonymous().GetAsync("/api/v1/plugins/good/ping")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AfterHookThrows_OtherHandlersStillRun()
    {
        var before = (await (await Anonymous().GetAsync("/api/v1/plugins/good/seen")).ExpectAsync(HttpStatusCode.OK))["seen"]!.GetValue<int>();
        var queue = Server.Factory.Services.GetRequiredService<EventQueue>();
        queue.Publish(new CollectionEvent(EventTypes.CollectionCreated, "things", "c1", null, EventActor.System, DateTimeOffset.UtcNow), 0);
        await queue.WhenIdleAsync(TestContext.Current.CancellationToken);

        var after = (await (await Anonymous().GetAsync("/api/v1/plugins/good/seen")).ExpectAsync(HttpStatusCode.OK))["seen"]!.GetValue<int>();
        Assert.Equal(before + 1, after);
    }

    [Fact]
    public async Task AdminPluginList_RequiresAdmin()
    {
        await (await Anonymous().GetAsync("/api/v1/admin/plugins")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        var (_, _, user, _) = await Server.NewUserAsync();
        await (await user.GetAsync("/api/v1/admin/plugins")).ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task PluginDetail_ByIdOrFolder()
    {
        var good = await (await Admin.GetAsync("/api/v1/admin/plugins/good")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("a_good", good["folder"]!.GetValue<string>());
        var broken = await (await Admin.GetAsync("/api/v1/admin/plugins/c_compile_error")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("compile_error", broken["status"]!.GetValue<string>());
        await (await Admin.GetAsync("/api/v1/admin/plugins/nope")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    private async Task<JsonArray> ListAsync() => (await (await Admin.GetAsync("/api/v1/admin/plugins")).ExpectAsync(HttpStatusCode.OK)).AsArray();

    private static JsonNode Find(JsonArray plugins, string folder) =>
        plugins.SingleOrDefault(p => p!["folder"]!.GetValue<string>() == folder) ?? throw new Xunit.Sdk.XunitException($"Plugin folder {folder} is not listed.");

    private static string Status(JsonArray plugins, string folder) => Find(plugins, folder)["status"]!.GetValue<string>();
}
