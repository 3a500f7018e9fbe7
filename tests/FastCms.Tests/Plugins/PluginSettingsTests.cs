using System.Net;
using FastCms.Tests.Infrastructure;
using static FastCms.Tests.Infrastructure.PluginFolders;

namespace FastCms.Tests.Plugins;

public abstract class PluginSettingsTests(ServerFixture server) : ServerTests(server)
{
    public static void WritePlugins(string root)
    {
        Write(root, "typed", "Plugin.cs", Plugin("typed", """
            var settings = ctx.UseSettings<TypedSettings>();
            ctx.OnSettingsChanged((change, _) => { State.Changes++; State.LastKeys = string.Join(",", change.ChangedKeys); return ValueTask.CompletedTask; });
            var api = ctx.IncludeRouter("/typed");
            api.MapGet("/current", () => new
            {
                greeting = settings.Current.Greeting,
                limit = settings.Current.Limit,
                token = settings.Current.Token,
                raw_greeting = ctx.GetSetting("greeting", "unset"),
                changes = State.Changes,
                last_keys = State.LastKeys,
            });
            api.MapPost("/set", async () => { await ctx.SetSettingAsync("greeting", "set by the plugin"); return "ok"; });
            """) + """

            public sealed class TypedSettings
            {
                [System.ComponentModel.Description("What to say")]
                public string Greeting { get; set; } = "hello";
                public int Limit { get; set; } = 5;
                [Secret]
                public string Token { get; set; } = "";
                public bool Enabled { get; set; }
                public List<string> Tags { get; set; } = [];
            }

            public static class State { public static int Changes; public static string LastKeys = ""; }
            """);
        Write(root, "untyped", "Plugin.cs", Plugin("untyped", """
            ctx.IncludeRouter("/untyped").MapGet("/color", () => new { color = ctx.GetSetting("color", "none"), size = ctx.GetSetting("size", 0) });
            """));
    }

    [Fact]
    public async Task Patch_TypedSetting_ReachesTheRunningPluginAndRaisesChanged()
    {
        var before = await GetCurrentAsync();
        var body = await (await Admin.PatchJsonAsync("/api/v1/admin/plugins/typed/settings", new { greeting = "bonjour", limit = 9 })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("bonjour", body["greeting"]!.GetValue<string>());

        var current = await GetCurrentAsync();
        Assert.Equal("bonjour", current["greeting"]!.GetValue<string>());
        Assert.Equal(9, current["limit"]!.GetValue<int>());
        Assert.Equal("bonjour", current["raw_greeting"]!.GetValue<string>());
        Assert.Equal(before["changes"]!.GetValue<int>() + 1, current["changes"]!.GetValue<int>());
        Assert.Equal("greeting,limit", current["last_keys"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_Secret_IsStoredButReturnedMasked()
    {
        var patched = await (await Admin.PatchJsonAsync("/api/v1/admin/plugins/typed/settings", new { token = "t0p-secret" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("********", patched["token"]!.GetValue<string>());
        var read = await (await Admin.GetAsync("/api/v1/admin/plugins/typed/settings")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("********", read["token"]!.GetValue<string>());
        Assert.DoesNotContain("t0p-secret", read.ToJsonString());
        Assert.Equal("t0p-secret", (await GetCurrentAsync())["token"]!.GetValue<string>());

        // The mask sent back (as a form would) keeps the secret.
        await (await Admin.PatchJsonAsync("/api/v1/admin/plugins/typed/settings", new { token = "********" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("t0p-secret", (await GetCurrentAsync())["token"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"limit":"many"}""", "limit")]
    [InlineData("""{"enabled":"yes"}""", "enabled")]
    [InlineData("""{"tags":"a,b"}""", "tags")]
    [InlineData("""{"unknown_key":1}""", "unknown_key")]
    public async Task Patch_WrongTypeOrUnknownKey_Returns400AndChangesNothing(string body, string field)
    {
        var before = (await (await Admin.GetAsync("/api/v1/admin/plugins/typed/settings")).ExpectAsync(HttpStatusCode.OK)).ToJsonString();
        var problem = await (await PatchRawAsync("/api/v1/admin/plugins/typed/settings", body)).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]![field]);
        Assert.Equal(before, (await (await Admin.GetAsync("/api/v1/admin/plugins/typed/settings")).ExpectAsync(HttpStatusCode.OK)).ToJsonString());
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("{not json")]
    public async Task Patch_NonObjectBody_Returns400(string body)
    {
        await (await PatchRawAsync("/api/v1/admin/plugins/untyped/settings", body)).ExpectProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Patch_Untyped_MergesAndNullDeletes()
    {
        await (await Admin.PatchJsonAsync("/api/v1/admin/plugins/untyped/settings", new { color = "red", size = 3 })).ExpectAsync(HttpStatusCode.OK);
        var color = await (await Anonymous().GetAsync("/api/v1/plugins/untyped/color")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("red", color["color"]!.GetValue<string>());
        Assert.Equal(3, color["size"]!.GetValue<int>());

        var merged = await (await PatchRawAsync("/api/v1/admin/plugins/untyped/settings", """{"color":null}""")).ExpectAsync(HttpStatusCode.OK);
        Assert.Null(merged["color"]);
        Assert.Equal(3, merged["size"]!.GetValue<int>());
        var after = await (await Anonymous().GetAsync("/api/v1/plugins/untyped/color")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("none", after["color"]!.GetValue<string>());
    }

    [Fact]
    public async Task SetSettingAsync_FromThePlugin_IsVisibleThroughTheApi()
    {
        Assert.Equal(HttpStatusCode.OK, (await Anonymous().PostAsync("/api/v1/plugins/typed/set", null)).StatusCode);
        var settings = await (await Admin.GetAsync("/api/v1/admin/plugins/typed/settings")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("set by the plugin", settings["greeting"]!.GetValue<string>());
    }

    [Fact]
    public async Task Schema_DescribesTypedSettings()
    {
        var schema = (await (await Admin.GetAsync("/api/v1/admin/plugins/typed/settings/schema")).ExpectAsync(HttpStatusCode.OK)).AsArray();
        var greeting = schema.Single(f => f!["key"]!.GetValue<string>() == "greeting")!;
        Assert.Equal("string", greeting["type"]!.GetValue<string>());
        Assert.Equal("hello", greeting["default"]!.GetValue<string>());
        Assert.Equal("What to say", greeting["description"]!.GetValue<string>());
        Assert.True(schema.Single(f => f!["key"]!.GetValue<string>() == "token")!["secret"]!.GetValue<bool>());
        Assert.Equal("integer", schema.Single(f => f!["key"]!.GetValue<string>() == "limit")!["type"]!.GetValue<string>());
        await (await Admin.GetAsync("/api/v1/admin/plugins/untyped/settings/schema")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Settings_UnknownPluginNonAdminAndAnonymous_AreRefused()
    {
        await (await Admin.GetAsync("/api/v1/admin/plugins/nope/settings")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await Admin.PatchJsonAsync("/api/v1/admin/plugins/nope/settings", new { a = 1 })).ExpectProblemAsync(HttpStatusCode.NotFound);
        var (_, _, user, _) = await Server.NewUserAsync();
        await (await user.PatchJsonAsync("/api/v1/admin/plugins/typed/settings", new { greeting = "x" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await user.GetAsync("/api/v1/admin/plugins/typed/settings")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await Anonymous().PatchJsonAsync("/api/v1/admin/plugins/typed/settings", new { greeting = "x" })).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("""{"greeting":"hi {bad}"}""", "greeting", false)]
    [InlineData("""{"greeting":"hi {bad}"}""", "greeting", true)]
    [InlineData("""{"tags":["a","{bad}"]}""", "tags", false)]
    [InlineData("""{"tags":["a","{bad}"]}""", "tags", true)]
    [InlineData("""{"k{bad}":1}""", "settings", false)]
    [InlineData("""{"k{bad}":1}""", "settings", true)]
    public async Task PatchSettings_InvalidUnicode_Returns400NamingTheKeyAndChangesNothing(string body, string key, bool rawBytes)
    {
        var before = await (await Admin.GetAsync("/api/v1/admin/plugins/untyped/settings")).ExpectAsync(HttpStatusCode.OK);
        foreach (var plugin in new[] { "typed", "untyped" })
        {
            var response = await Admin.SendBytesAsync(HttpMethod.Patch, $"/api/v1/admin/plugins/{plugin}/settings", Json.WithInvalidText(body, rawBytes));

            var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(problem["errors"]?[key] is not null, problem.ToJsonString());
        }

        var after = await (await Admin.GetAsync("/api/v1/admin/plugins/untyped/settings")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
    }

    private async Task<System.Text.Json.Nodes.JsonNode> GetCurrentAsync() =>
        await (await Anonymous().GetAsync("/api/v1/plugins/typed/current")).ExpectAsync(HttpStatusCode.OK);

    private Task<HttpResponseMessage> PatchRawAsync(string url, string body) =>
        Admin.PatchAsync(url, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
}

public sealed class SettingsPluginsSetup : IServerSetup
{
    public Task PrepareRootAsync(string root)
    {
        PluginSettingsTests.WritePlugins(root);
        return Task.CompletedTask;
    }
}

public sealed class PluginSettingsTestsSqlite(SqliteServer<SettingsPluginsSetup> server) : PluginSettingsTests(server), IClassFixture<SqliteServer<SettingsPluginsSetup>>;

public sealed class PluginSettingsTestsPostgres(PostgresServer<SettingsPluginsSetup> server) : PluginSettingsTests(server), IClassFixture<PostgresServer<SettingsPluginsSetup>>;
