using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using FastCms.AdminShell;
using FastCms.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FastCms.Tests.Admin;

/// <summary>How the admin's assets travel: fingerprinted and cached for good, compressed by the build, icons as a subset.</summary>
public sealed partial class AdminAssetDeliveryTests(SqliteServer server) : ServerTests(server), IClassFixture<SqliteServer>
{
    private const string Immutable = "public, max-age=31536000, immutable";

    private Task<AdminClient> SignInAsync() => AdminClient.SignInAsync(Server.Factory, Server.AdminEmail, ServerFixture.AdminPassword);

    [Fact]
    public async Task Assets_FingerprintedUrl_CachedForAYearAndOtherUrlsRevalidated()
    {
        var admin = await SignInAsync();
        var html = await admin.GetPageAsync("/admin");
        var assets = AssetReference().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.Contains(assets, a => a.StartsWith(AdminIcons.Path + "?v=", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.StartsWith("/admin/assets/css/admin.css?v=", StringComparison.Ordinal));

        foreach (var url in assets)
        {
            Assert.Matches("\\?v=[0-9a-f]{12}$", url);
            var fingerprinted = await admin.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, fingerprinted.StatusCode);
            Assert.Equal(Immutable, fingerprinted.Headers.CacheControl!.ToString());

            var path = url[..url.IndexOf('?', StringComparison.Ordinal)];
            foreach (var stale in new[] { path, path + "?v=000000000000" })
            {
                var response = await admin.GetAsync(stale);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("no-cache", response.Headers.CacheControl!.ToString());
            }
        }
    }

    [Theory]
    [InlineData("br", "br")]
    [InlineData("gzip", "gzip")]
    [InlineData("gzip, deflate, br", "br")]
    [InlineData("br;q=0, gzip", "gzip")]
    [InlineData("identity", null)]
    public async Task Asset_AcceptEncoding_SendsThePrecompressedCopyOfTheSameContent(string acceptEncoding, string? expected)
    {
        var client = Server.Factory.CreateClient();
        var plain = await client.GetStringAsync("/admin/assets/css/admin.css");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/assets/css/admin.css");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(expected, response.Content.Headers.ContentEncoding.SingleOrDefault());
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        Assert.Equal(plain, await DecodeAsync(response));
    }

    [Theory]
    [InlineData("/admin/assets/css/admin.css.br")]
    [InlineData("/admin/assets/js/admin.js.gz")]
    public async Task Asset_CompressedCopyByItsOwnName_IsNotServed(string url)
    {
        var response = await Server.Factory.CreateClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task IconStylesheet_PluginSidebarIconOutsideCoreSet_GetsAGlyphAndANewFingerprint()
    {
        var admin = await SignInAsync();
        var before = IconsUrl(await admin.GetPageAsync("/admin"));
        var coreCss = await admin.Http.GetStringAsync(before);
        Assert.DoesNotMatch(IconRule("dragon"), coreCss);
        Assert.DoesNotMatch(IconRule("docker"), coreCss);

        var owner = "icons-" + Guid.NewGuid().ToString("N")[..8];
        var registry = Server.Factory.Services.GetRequiredService<AdminPageRegistry>();
        Assert.True(registry.TryAddRange(
            [new AdminPage(owner + "-a", "Dragons", "fa-dragon", "/admin/plugins/a", owner), new AdminPage(owner + "-b", "Docker", "fa-brands fa-docker", "/admin/plugins/b", owner)],
            out var conflict), conflict);
        try
        {
            var after = IconsUrl(await admin.GetPageAsync("/admin"));
            Assert.NotEqual(before, after);
            using var request = new HttpRequestMessage(HttpMethod.Get, after);
            request.Headers.TryAddWithoutValidation("Accept-Encoding", "br");
            var response = await admin.Http.SendAsync(request);
            Assert.Equal("br", response.Content.Headers.ContentEncoding.Single());
            Assert.Equal(Immutable, response.Headers.CacheControl!.ToString());
            var css = await DecodeAsync(response);
            Assert.Matches(IconRule("dragon"), css);
            Assert.Matches(IconRule("docker"), css);
        }
        finally
        {
            registry.RemoveOwner(owner);
        }
    }

    [Fact]
    public async Task IconStylesheet_EveryIconOnTheAdminPages_HasARule()
    {
        var admin = await SignInAsync();
        var pages = (await AdminRoutes.ProtectedPagesAsync(Server, Server.AdminId)).Append("/admin/login").ToList();
        var css = await admin.Http.GetStringAsync(IconsUrl(await admin.GetPageAsync("/admin")));

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var url in pages)
        {
            var html = await (await admin.GetAsync(url)).Content.ReadAsStringAsync();
            foreach (Match icon in IconElement().Matches(html))
            {
                names.UnionWith(icon.Groups[1].Value.Split(' ').Where(c => c.StartsWith("fa-", StringComparison.Ordinal) && c is not ("fa-solid" or "fa-regular" or "fa-brands")).Select(c => c[3..]));
            }
        }

        Assert.Contains("gauge-high", names);
        Assert.All(names, name => Assert.Matches(IconRule(name), css));
    }

    [Theory]
    [InlineData("same-origin", "br")]
    [InlineData("none", "br")]
    [InlineData("cross-site", null)]
    [InlineData("same-site", null)]
    [InlineData(null, null)]
    public async Task Html_CompressedOnlyForRequestsFromTheSiteItself(string? fetchSite, string? expected)
    {
        var client = Server.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/login");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "br, gzip");
        if (fetchSite is not null)
        {
            request.Headers.TryAddWithoutValidation("Sec-Fetch-Site", fetchSite);
        }

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, response.Content.Headers.ContentEncoding.SingleOrDefault());
        Assert.Contains("<h1", await DecodeAsync(response));
    }

    private static string IconsUrl(string html) =>
        WebUtility.HtmlDecode(Assert.Single(AssetReference().Matches(html), m => m.Groups[1].Value.StartsWith(AdminIcons.Path, StringComparison.Ordinal)).Groups[1].Value);

    private static Regex IconRule(string name) => new($"\\.fa-{Regex.Escape(name)}[{{,]");

    private static async Task<string> DecodeAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStreamAsync();
        Stream decoded = response.Content.Headers.ContentEncoding.SingleOrDefault() switch
        {
            "br" => new BrotliStream(body, CompressionMode.Decompress),
            "gzip" => new GZipStream(body, CompressionMode.Decompress),
            _ => body,
        };
        using var reader = new StreamReader(decoded, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    [GeneratedRegex("(?:src|href)=\"(/admin/assets/[^\"]+)\"")]
    private static partial Regex AssetReference();

    [GeneratedRegex("<i class=\"([^\"]+)\"")]
    private static partial Regex IconElement();
}
