using System.Net;
using System.Text.Json.Nodes;
using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.AdminPlugins;

public abstract class AdminPluginsPageTests(ServerFixture server) : ServerTests(server)
{
    private Task<AdminClient> SignInAsync() => AdminClient.SignInAsync(Server.Factory, Server.AdminEmail, ServerFixture.AdminPassword);

    [Fact]
    public async Task PluginsPage_EveryPlugin_ShowsStatusPagesAndSettingsLinks()
    {
        var html = await (await SignInAsync()).GetPageAsync("/admin/plugins");

        Assert.Contains("6 plugins: 5 active, 1 compile error.", html);
        var example = Card(html, "example-plugin");
        Assert.Contains("Example Plugin", example);
        Assert.Contains("<span class=\"plugin-version\">1.0.0</span>", example);
        Assert.Contains("Demonstrates routes, a database, record hooks", example);
        Assert.Contains("<dt>Author</dt><dd>FastCMS</dd>", example);
        Assert.Contains("<code>example_plugin</code>", example);
        Assert.Contains("<span class=\"badge status success\">active</span>", example);
        Assert.Contains("href=\"/admin/plugins/example-plugin\"", example);
        Assert.Contains("href=\"/admin/plugins/example-plugin/settings\"", example);
        Assert.Contains("/api/v1/plugins/example", example);

        var hello = Card(html, "hello-world");
        Assert.Contains("No admin page", hello);
        Assert.Contains("href=\"/admin/plugins/hello-world/settings\"", hello);
    }

    [Fact]
    public async Task PluginsPage_CompileError_ShowsErrorAndReadableDiagnostics()
    {
        var html = await (await SignInAsync()).GetPageAsync("/admin/plugins");

        var broken = Card(html, "zz_broken");
        Assert.Contains("<span class=\"badge status danger\">compile error</span>", broken);
        Assert.Contains("Compilation failed with 1 error(s); see diagnostics.", broken);
        Assert.Contains("<span class=\"diagnostic-location\">Sub/Broken.cs:1:24</span> <span class=\"diagnostic-code\">CS0029</span>", broken);
        Assert.Contains("Cannot implicitly convert type &#x27;string&#x27; to &#x27;int&#x27;", broken);
        Assert.Contains("No admin page", broken);
        Assert.DoesNotContain("/settings\"", broken);
    }

    [Fact]
    public async Task SettingsPage_TypedSettings_RendersAnInputPerType()
    {
        await (await Admin.PatchJsonAsync("/api/v1/admin/plugins/typed/settings", new { token = "hidden-value-1", tags = new[] { "a", "b" } })).ExpectAsync(HttpStatusCode.OK);
        var html = await (await SignInAsync()).GetPageAsync("/admin/plugins/typed/settings");

        Assert.Matches("<label for=\"setting-greeting\">Greeting <code class=\"setting-key\">greeting</code></label>\\s*<input id=\"setting-greeting\" name=\"settings.greeting\" value=\"[^\"]*\"", html);
        Assert.Contains("What to say", html);
        Assert.Matches("<input id=\"setting-limit\" name=\"settings.limit\" value=\"\\d+\"[^>]*type=\"number\"\\s+step=\"1\"", html);
        Assert.Matches("<input id=\"setting-enabled\" name=\"settings.enabled\" type=\"checkbox\" value=\"true\"", html);
        Assert.Matches("<input id=\"setting-token\" name=\"settings.token\" aria-describedby=\"setting-token-hint\"\\s+type=\"password\"", html);
        Assert.Contains("a value is stored; leave empty to keep it.", html);
        Assert.DoesNotContain("hidden-value-1", html);
        Assert.Equal("""["a","b"]""", JsonNode.Parse(Textarea(html, "setting-tags"))!.ToJsonString());
        Assert.Contains("<label for=\"setting-tags\">", html);
    }

    [Fact]
    public async Task SettingsForm_Save_ReachesTheRunningPluginWithoutRestart()
    {
        var admin = await SignInAsync();
        var greeting = "Saved in the form " + Guid.NewGuid().ToString("N")[..6];

        var response = await admin.SubmitAsync("/admin/plugins/example-plugin/settings", new()
        {
            ["settings.greeting"] = greeting,
            ["settings.max_title_length"] = "120",
            ["settings.api_key"] = "",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin/plugins/example-plugin/settings", response.Headers.Location!.OriginalString);
        var hello = await (await Anonymous().GetAsync("/api/v1/plugins/example/hello")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(greeting, hello["message"]!.GetValue<string>());
        var stored = await (await Admin.GetAsync("/api/v1/admin/plugins/example-plugin/settings")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(120, stored["max_title_length"]!.GetValue<int>());
        Assert.False(stored["generate_slugs"]!.GetValue<bool>()); // the checkbox was not ticked
        var page = await admin.GetPageAsync("/admin/plugins/example-plugin/settings");
        Assert.Contains("Settings of Example Plugin saved; the plugin uses them now.", page);
        Assert.Contains($"value=\"{greeting}\"", page);
    }

    [Fact]
    public async Task SettingsForm_SecretLeftEmpty_KeepsTheStoredSecret()
    {
        await (await Admin.PatchJsonAsync("/api/v1/admin/plugins/typed/settings", new { token = "keep-me-42" })).ExpectAsync(HttpStatusCode.OK);
        var admin = await SignInAsync();

        await admin.SubmitAsync("/admin/plugins/typed/settings", new() { ["settings.greeting"] = "hi", ["settings.token"] = "" });
        Assert.Equal("keep-me-42", (await CurrentTypedAsync())["token"]!.GetValue<string>());

        await admin.SubmitAsync("/admin/plugins/typed/settings", new() { ["settings.greeting"] = "hi", ["settings.token"] = "replaced-7" });
        Assert.Equal("replaced-7", (await CurrentTypedAsync())["token"]!.GetValue<string>());
    }

    [Fact]
    public async Task SettingsForm_ValuesThatDoNotFit_ShowErrorsPerFieldAndChangeNothing()
    {
        var before = (await (await Admin.GetAsync("/api/v1/admin/plugins/typed/settings")).ExpectAsync(HttpStatusCode.OK)).ToJsonString();
        var admin = await SignInAsync();

        var response = await admin.SubmitAsync("/admin/plugins/typed/settings", new()
        {
            ["settings.greeting"] = "not saved",
            ["settings.limit"] = "many",
            ["settings.tags"] = "[1, 2",
        });
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Nothing was saved", html);
        Assert.Matches("<p class=\"field-error\" id=\"setting-limit-error\">.*Must be an integer\\.", html);
        Assert.Matches("<p class=\"field-error\" id=\"setting-tags-error\">.*Not valid JSON \\(line 1, position \\d+\\)\\.", html);
        Assert.Matches("id=\"setting-limit\" name=\"settings.limit\" value=\"many\"[^>]*aria-invalid=\"true\"", html);
        Assert.Contains("value=\"not saved\"", html);
        Assert.Equal(before, (await (await Admin.GetAsync("/api/v1/admin/plugins/typed/settings")).ExpectAsync(HttpStatusCode.OK)).ToJsonString());
    }

    [Fact]
    public async Task JsonEditor_UntypedPlugin_SetsAndRemovesKeys()
    {
        await (await Admin.PatchJsonAsync("/api/v1/admin/plugins/untyped/settings", new { color = "red", size = 3 })).ExpectAsync(HttpStatusCode.OK);
        var admin = await SignInAsync();
        var page = await admin.GetPageAsync("/admin/plugins/untyped/settings");
        Assert.Equal("""{"color":"red","size":3}""", JsonNode.Parse(Textarea(page, "settings-json"))!.ToJsonString());

        var response = await admin.SubmitAsync("/admin/plugins/untyped/settings", new() { ["settings_json"] = """{"size": 5}""" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var color = await (await Anonymous().GetAsync("/api/v1/plugins/untyped/color")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("none", color["color"]!.GetValue<string>());
        Assert.Equal(5, color["size"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("{\"size\": ", "Not valid JSON (line 1, position")]
    [InlineData("[1, 2]", "Must be a JSON object")]
    public async Task JsonEditor_NotAnObject_ShowsTheProblemAndChangesNothing(string text, string message)
    {
        var before = (await (await Admin.GetAsync("/api/v1/admin/plugins/untyped/settings")).ExpectAsync(HttpStatusCode.OK)).ToJsonString();
        var response = await (await SignInAsync()).SubmitAsync("/admin/plugins/untyped/settings", new() { ["settings_json"] = text });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
        Assert.Equal(before, (await (await Admin.GetAsync("/api/v1/admin/plugins/untyped/settings")).ExpectAsync(HttpStatusCode.OK)).ToJsonString());
    }

    [Fact]
    public async Task SettingsForm_PostWithoutAntiforgeryToken_IsRefusedAndChangesNothing()
    {
        var admin = await SignInAsync();
        var response = await admin.PostAsync("/admin/plugins/untyped/settings", new() { ["settings_json"] = """{"color": "forged"}""" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var color = await (await Anonymous().GetAsync("/api/v1/plugins/untyped/color")).ExpectAsync(HttpStatusCode.OK);
        Assert.NotEqual("forged", color["color"]!.GetValue<string>());
    }

    [Fact]
    public async Task SettingsPage_UnknownPlugin_Is404()
    {
        var admin = await SignInAsync();
        await admin.GetPageAsync("/admin/plugins/no-such-plugin/settings", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ExamplePage_RendersItsTemplateInsideTheLayoutWithSecretsMasked()
    {
        await (await Admin.PatchJsonAsync("/api/v1/admin/plugins/example-plugin/settings", new { api_key = "sk-live-123" })).ExpectAsync(HttpStatusCode.OK);
        var html = await (await SignInAsync()).GetPageAsync("/admin/plugins/example-plugin");

        Assert.Contains("<nav id=\"sidebar\"", html);
        Assert.Matches("data-nav=\"example-plugin\" aria-current=\"page\"", html);
        Assert.Contains("<h1>Example Plugin</h1>", html);
        Assert.Matches("<span class=\"stat-value\" id=\"example-posts-created\">\\d+</span>", html);
        Assert.Contains("<dt>API key</dt><dd><code>********</code></dd>", html);
        Assert.DoesNotContain("sk-live-123", html);
        Assert.Contains("href=\"/admin/plugins/example-plugin/static/example.css\"", html);
        Assert.Contains("href=\"/admin/plugins/example-plugin/settings\"", html);
    }

    [Fact]
    public async Task ExamplePage_ResetForm_NeedsTheTokenThenRedirectsBack()
    {
        var admin = await SignInAsync();

        var forged = await admin.PostAsync("/admin/plugins/example-plugin/reset", []);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("anti-forgery token is missing or invalid", await forged.Content.ReadAsStringAsync());

        var reset = await admin.SubmitAsync("/admin/plugins/example-plugin/reset", [], formPage: "/admin/plugins/example-plugin");
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.Equal("/admin/plugins/example-plugin?reset=1", reset.Headers.Location!.OriginalString);
        Assert.Contains("The counters were reset.", await admin.GetPageAsync("/admin/plugins/example-plugin?reset=1"));
    }

    [Fact]
    public async Task ExampleStaticFile_IsServedToAdminsAsCss()
    {
        var response = await (await SignInAsync()).GetAsync("/admin/plugins/example-plugin/static/example.css");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(".example-greeting", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Dashboard_ShowsPluginsByStatus()
    {
        var html = await (await SignInAsync()).GetPageAsync("/admin");

        Assert.Matches("<span class=\"stat-value\">5</span>\\s*<a class=\"stat-label\" href=\"/admin/plugins\">Active plugins</a>", html);
        Assert.Matches("<span class=\"stat-value\">1</span>\\s*<a class=\"stat-label\" href=\"/admin/plugins\">Failed plugins</a>", html);
    }

    private async Task<JsonNode> CurrentTypedAsync() =>
        await (await Anonymous().GetAsync("/api/v1/plugins/typed/current")).ExpectAsync(HttpStatusCode.OK);

    private static string Textarea(string html, string id)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, $"<textarea id=\"{id}\"[^>]*>([^<]*)</textarea>");
        Assert.True(match.Success, $"No textarea {id}.");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    // The HTML of one plugin's card on the plugins page.
    private static string Card(string html, string idOrFolder)
    {
        var start = html.IndexOf($"<article class=\"card plugin\" id=\"plugin-{idOrFolder}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"No card for plugin {idOrFolder}.");
        var end = html.IndexOf("</article>", start, StringComparison.Ordinal);
        return html[start..end];
    }
}

public sealed class AdminPluginsPageTestsSqlite(SqliteServer<AdminPluginsSetup> server) : AdminPluginsPageTests(server), IClassFixture<SqliteServer<AdminPluginsSetup>>;

public sealed class AdminPluginsPageTestsPostgres(PostgresServer<AdminPluginsSetup> server) : AdminPluginsPageTests(server), IClassFixture<PostgresServer<AdminPluginsSetup>>;
