using System.Net;
using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.AdminPlugins;

public sealed class PluginAdminPagesTests(PluginPagesServer server) : ServerTests(server), IClassFixture<PluginPagesServer>
{
    private Task<AdminClient> SignInAsync() => AdminClient.SignInAsync(Server.Factory, Server.AdminEmail, ServerFixture.AdminPassword);

    [Fact]
    public async Task MapAdminPage_RendersTemplateInsideLayoutWithEncodedModelAndContext()
    {
        var html = await (await SignInAsync()).GetPageAsync("/admin/plugins/pages?q=<b>");

        Assert.Contains("<h1>Pages home</h1>", html);
        Assert.Matches("data-nav=\"pages-home\" aria-current=\"page\"", html);
        Assert.Contains("<p id=\"title\">&lt;script&gt;alert(1)&lt;/script&gt;</p>", html);
        Assert.Contains("<li>first=1</li><li>second=2</li>", html);
        Assert.Contains("<div id=\"trusted\"><em>trusted</em></div>", html);
        Assert.Contains("<p id=\"when\">2026-01-02T03:04:05.000Z</p>", html);
        Assert.Contains("<p id=\"plugin\">pages|Plugin pages|/admin/plugins/pages|/admin/plugins/pages/static|/admin/plugins/pages/settings</p>", html);
        Assert.Contains($"<p id=\"user\">{Server.AdminEmail}</p>", html);
        Assert.Contains("<p id=\"settings\">hello from settings|", html);
        Assert.Contains("<p id=\"query\">&lt;b&gt;</p>", html);
    }

    [Fact]
    public async Task MapAdminPage_SecretSetting_IsMaskedInTheTemplate()
    {
        await (await Admin.PatchJsonAsync("/api/v1/admin/plugins/pages/settings", new { token = "tok-998877" })).ExpectAsync(HttpStatusCode.OK);
        var html = await (await SignInAsync()).GetPageAsync("/admin/plugins/pages");

        Assert.Contains("<p id=\"settings\">hello from settings|********</p>", html);
        Assert.DoesNotContain("tok-998877", html);
    }

    [Fact]
    public async Task MapAdminPage_AsyncModelWithRouteValueAndTitle_Renders()
    {
        var html = await (await SignInAsync()).GetPageAsync("/admin/plugins/pages/items/abc");

        Assert.Contains("<h1>Item details</h1>", html);
        Assert.Contains("<p id=\"item\">ABC/abc</p>", html);
        Assert.Matches("data-nav=\"pages-home\" aria-current=\"page\"", html);
    }

    [Fact]
    public async Task MapAdminPage_Partial_IsRenderedFromTheTemplatesFolder()
    {
        var html = await (await SignInAsync()).GetPageAsync("/admin/plugins/pages/partial");
        Assert.Contains("<p id=\"partial\">hello partial</p>", html);
    }

    [Theory]
    [InlineData("/admin/plugins/pages/missing", "The template &#x27;nowhere.liquid&#x27; does not exist in the plugin&#x27;s templates/ folder.")]
    [InlineData("/admin/plugins/pages/syntax", "The template &#x27;syntax.liquid&#x27; has a syntax error: &#x27;{% endif %}&#x27; was expected at (2:")]
    [InlineData("/admin/plugins/pages/filter", "Rendering &#x27;filter.liquid&#x27; failed: Undefined filter &#x27;no_such_filter&#x27;")]
    [InlineData("/admin/plugins/pages/throws", "The page&#x27;s model threw InvalidOperationException: the model exploded")]
    public async Task MapAdminPage_Failure_ShowsReadableErrorWithRequestIdAndNoStackTrace(string url, string message)
    {
        var response = await (await SignInAsync()).GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("<nav id=\"sidebar\"", html);
        Assert.Contains("This page could not be shown", html);
        Assert.Contains(message, html);
        Assert.Contains($"<code class=\"request-id\">{response.Headers.GetValues("X-Request-Id").Single()}</code>", html);
        Assert.DoesNotContain("   at ", html);
        Assert.DoesNotContain(".cs:line", html);
        Assert.DoesNotContain("System.InvalidOperationException", html);
    }

    [Fact]
    public async Task MapAdminPage_SyntaxError_ShowsTheTemplateSource()
    {
        var html = await (await SignInAsync()).GetPageAsync("/admin/plugins/pages/syntax", HttpStatusCode.InternalServerError);
        Assert.Contains("<pre class=\"template-source\"><code>{% if model %}never closed", html);
    }

    [Fact]
    public async Task MapAdminPage_TemplateChanged_IsReadAgainWithoutRestart()
    {
        var admin = await SignInAsync();
        Assert.Contains("<p id=\"live\">version one</p>", await admin.GetPageAsync("/admin/plugins/pages/live"));

        var file = Path.Combine(Server.Factory.PluginsDir, "pages", "templates", "live.liquid");
        await File.WriteAllTextAsync(file, "<p id=\"live\">version two, edited</p>");
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddSeconds(5));

        Assert.Contains("<p id=\"live\">version two, edited</p>", await admin.GetPageAsync("/admin/plugins/pages/live"));
    }

    [Fact]
    public async Task AdminRouter_FormPost_NeedsTheAntiforgeryToken()
    {
        var admin = await SignInAsync();
        var before = await CountAsync(admin);

        var forged = await admin.PostAsync("/admin/plugins/pages/bump", []);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal("text/html", forged.Content.Headers.ContentType!.MediaType);
        Assert.Equal(before, await CountAsync(admin));

        var posted = await admin.SubmitAsync("/admin/plugins/pages/bump", [], formPage: "/admin/plugins/pages/form");
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal(before + 1, await CountAsync(admin));
    }

    [Fact]
    public async Task PluginPagesAndAdminRoutes_WithoutSession_RedirectAndForNonAdmins_Are403()
    {
        var anonymous = AdminClient.Create(Server.Factory);
        var (_, email, _, _) = await Server.NewUserAsync("User-pass-1234");
        var user = await AdminClient.SignInAsync(Server.Factory, email, "User-pass-1234");
        foreach (var url in new[] { "/admin/plugins/pages", "/admin/plugins/pages/items/x", "/admin/plugins/pages/static/app.css", "/admin/plugins/pages/anonymous" })
        {
            var response = await anonymous.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/admin/login?returnUrl=" + Uri.EscapeDataString(url), response.Headers.Location!.OriginalString);
            await user.GetPageAsync(url, HttpStatusCode.Forbidden);
        }

        Assert.Equal("admins only after all", await (await AdminClient.SignInAsync(Server.Factory, Server.AdminEmail, ServerFixture.AdminPassword)).GetPageAsync("/admin/plugins/pages/anonymous"));
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.PostAsync("/admin/plugins/pages/bump", [])).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.PostAsync("/admin/plugins/pages/bump", [])).StatusCode);
    }

    [Theory]
    [InlineData("/admin/plugins/pages/static/app.css", "text/css", "#title")]
    [InlineData("/admin/plugins/pages/static/js/app.js", "text/javascript", "console.log")]
    public async Task StaticFiles_AreServedWithTheirContentType(string url, string contentType, string content)
    {
        var response = await (await SignInAsync()).GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl!.ToString());
        Assert.NotNull(response.Headers.ETag);
        Assert.Contains(content, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/admin/plugins/pages/static/../secret.txt")]
    [InlineData("/admin/plugins/pages/static/%2e%2e/secret.txt")]
    [InlineData("/admin/plugins/pages/static/..%2fsecret.txt")]
    [InlineData("/admin/plugins/pages/static/js/..%2f..%2fsecret.txt")]
    [InlineData("/admin/plugins/pages/static/.hidden.txt")]
    [InlineData("/admin/plugins/pages/static/escape.txt")]
    [InlineData("/admin/plugins/pages/static/")]
    [InlineData("/admin/plugins/pages/static/nope.css")]
    [InlineData("/admin/plugins/bad-template-path/static/Plugin.cs")]
    public async Task StaticFiles_NothingOutsideTheStaticFolder_IsServed(string url)
    {
        var response = await (await SignInAsync()).GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("outside the static folder", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("bad-template-path", "leads outside the plugin&#x27;s templates/ folder")]
    [InlineData("reserved-path", "is reserved")]
    [InlineData("parameter-first", "the first segment may not be a parameter")]
    public async Task Registration_AdminPageBreakingARule_FailsThePluginAsAWhole(string pluginId, string reason)
    {
        var plugin = await (await Admin.GetAsync($"/api/v1/admin/plugins/{pluginId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("failed", plugin["status"]!.GetValue<string>());
        Assert.Contains(System.Net.WebUtility.HtmlDecode(reason), plugin["error"]!.GetValue<string>());

        await (await Anonymous().GetAsync($"/api/v1/plugins/{pluginId}/ok")).ExpectProblemAsync(HttpStatusCode.NotFound);
        var admin = await SignInAsync();
        await admin.GetPageAsync($"/admin/plugins/{pluginId}/open", HttpStatusCode.NotFound);
        Assert.Contains(reason, await admin.GetPageAsync("/admin/plugins"));
    }

    private static async Task<int> CountAsync(AdminClient admin)
    {
        var html = await admin.GetPageAsync("/admin/plugins/pages/form");
        var match = System.Text.RegularExpressions.Regex.Match(html, "<p id=\"count\">(\\d+)</p>");
        Assert.True(match.Success, "No count on the form page.");
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
