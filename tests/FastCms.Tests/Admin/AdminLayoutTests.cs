using System.Net;
using System.Text.RegularExpressions;
using FastCms.AdminShell;
using FastCms.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FastCms.Tests.Admin;

public sealed partial class AdminLayoutTests(SqliteServer server) : ServerTests(server), IClassFixture<SqliteServer>
{
    private Task<AdminClient> SignInAsync() => AdminClient.SignInAsync(Server.Factory, Server.AdminEmail, ServerFixture.AdminPassword);

    [Fact]
    public async Task Sidebar_PluginPageInRegistry_ShowsWithIconAndIsActiveOnItsPage()
    {
        var navId = "stats-" + Guid.NewGuid().ToString("N")[..8];
        var url = $"/admin/plugins/{navId}/index";
        var registry = Server.Factory.Services.GetRequiredService<AdminPageRegistry>();
        Assert.True(registry.TryAddRange([new AdminPage(navId, "Statistics", "fa-star", url, "stats-plugin")], out var conflict), conflict);
        var admin = await SignInAsync();

        var dashboard = await admin.GetPageAsync("/admin");
        Assert.Matches($"<a class=\"nav-link\" href=\"{url}\" data-nav=\"{navId}\">\\s*<i class=\"fa-solid fa-star fa-fw\"", dashboard);
        Assert.Contains("Plugin pages", dashboard);
        Assert.Matches("data-nav=\"dashboard\" aria-current=\"page\"", dashboard);

        var page = await admin.GetPageAsync(url);
        Assert.Matches($"data-nav=\"{navId}\" aria-current=\"page\"", page);
        Assert.Single(AriaCurrent().Matches(page));
        Assert.Contains("a page of plugin &#x27;stats-plugin&#x27;", page);

        registry.RemoveOwner("stats-plugin");
        Assert.DoesNotContain(url, await admin.GetPageAsync("/admin"));
        await admin.GetPageAsync(url, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Pages_UseOnlyLocalAssetsAndNoInlineScriptsOrStyles()
    {
        var admin = await SignInAsync();
        var pages = (await AdminRoutes.ProtectedPagesAsync(Server, Server.AdminId, htmlOnly: true)).Append("/admin/logout").ToList();
        foreach (var url in pages)
        {
            var response = await admin.GetAsync(url);
            var html = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
            Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
            Assert.DoesNotMatch(InlineScript(), html);
            Assert.DoesNotMatch(InlineStyleOrHandler(), html);
            foreach (Match asset in AssetReference().Matches(html))
            {
                var src = WebUtility.HtmlDecode(asset.Groups[1].Value);
                Assert.StartsWith("/admin/assets/", src);
                Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(src)).StatusCode);
            }
        }
    }

    [Fact]
    public async Task Assets_FontAwesomeAndOwnFiles_AreServedWithTypesAndCaching()
    {
        var client = Server.Factory.CreateClient();

        // The whole set stays available for plugin pages that link it; the admin's own pages use the icon subset.
        var css = await client.GetAsync(Server.Factory.Services.GetRequiredService<AdminAssets>().Url("lib/fontawesome/css/all.min.css"));
        Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);
        Assert.Contains("immutable", css.Headers.CacheControl!.ToString());
        foreach (Match font in FontReference().Matches(await css.Content.ReadAsStringAsync()))
        {
            var response = await client.GetAsync("/admin/assets/lib/fontawesome/webfonts/" + font.Groups[1].Value);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("font/woff2", response.Content.Headers.ContentType!.MediaType);
        }

        Assert.Equal("text/javascript", (await client.GetAsync("/admin/assets/js/admin.js")).Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/assets/css/admin.css")).StatusCode);
    }

    [Fact]
    public async Task Dashboard_ShowsCountsAndRecentErrorsWithoutStackTraces()
    {
        var marker = "disk quota exceeded " + Guid.NewGuid().ToString("N")[..8];
        var logger = Server.Factory.Services.GetRequiredService<ILoggerFactory>().CreateLogger("FastCms.Tests.Probe");
        try
        {
            throw new InvalidOperationException("inner detail");
        }
        catch (InvalidOperationException e)
        {
            logger.LogError(e, "Export failed: {Reason}", marker);
        }

        var admin = await SignInAsync();
        var html = await admin.GetPageAsync("/admin");

        Assert.Contains($"Export failed: {marker}", html);
        Assert.Contains("FastCms.Tests.Probe", html);
        Assert.Contains("InvalidOperationException", html);
        Assert.DoesNotContain("   at ", html);
        Assert.Matches("<span class=\"stat-value\">\\d+</span>\\s*<a class=\"stat-label\" href=\"/admin/users\">Users</a>", html);
        Assert.Matches("<span class=\"stat-value\">\\d+</span>\\s*<a class=\"stat-label\" href=\"/admin/users\">Admins</a>", html);
    }

    [Fact]
    public async Task Settings_ShowsEffectiveConfigurationWithoutSecrets()
    {
        var admin = await SignInAsync();
        var html = await admin.GetPageAsync("/admin/settings");

        Assert.Contains("SQLite", html);
        Assert.Contains(Server.Factory.PluginsDir, html);
        Assert.Contains("15 minutes", html);
        Assert.Contains("FastCms:Auth:AllowRegistration", html);
        Assert.Contains("generated, stored in the database", html);
    }

    [GeneratedRegex("aria-current=\"page\"")]
    private static partial Regex AriaCurrent();

    [GeneratedRegex("<script(?![^>]*\\ssrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex("\\s(style|on[a-z]+)=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineStyleOrHandler();

    [GeneratedRegex("(?:src|href)=\"(/admin/assets/[^\"]+)\"")]
    private static partial Regex AssetReference();

    [GeneratedRegex("url\\(\\.\\./webfonts/([^)]+)\\)")]
    private static partial Regex FontReference();
}

public sealed class AdminErrorPageTests
{
    [Fact]
    public async Task ServerError_OnAdminPage_ShowsReadablePageWithRequestIdAndLogsIt()
    {
        const string password = "Owner-pass-1234";
        await using var host = await TestHost.StartAsync("sqlite",
            [new("FastCms:Auth:AdminEmail", "owner@example.com"), new("FastCms:Auth:AdminPassword", password)]);
        var admin = await AdminClient.SignInAsync(host.Factory, "owner@example.com", password);
        var database = host.Factory.Services.GetRequiredService<FastCms.Data.Database>();
        await database.WriteAsync(async session =>
        {
            await using var drop = session.CreateCommand("ALTER TABLE users RENAME TO users_gone");
            await drop.ExecuteNonQueryAsync();
        }, CancellationToken.None);

        var response = await admin.GetAsync("/admin/users");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        var requestId = response.Headers.GetValues("X-Request-Id").Single();
        Assert.Contains($"<code class=\"request-id\">{requestId}</code>", html);
        Assert.Contains("Something went wrong", html);
        Assert.DoesNotContain("SqliteException", html);
        Assert.DoesNotContain(" at ", html);

        var api = await host.Factory.CreateClient().GetAsync("/api/v1/setup/check");
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType!.MediaType);
    }
}
