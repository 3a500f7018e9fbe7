using System.Net;
using FastCms.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FastCms.Tests.Foundation;

/// <summary>Health, errors, security headers, API docs and token expiry.</summary>
public abstract class HostingTests(ServerFixture server) : ServerTests(server)
{
    [Theory]
    [InlineData("/health")]
    [InlineData("/api/v1/health")]
    public async Task Health_DatabaseUp_ReportsOkWithVersion(string path)
    {
        var health = await (await Anonymous().GetAsync(path)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("ok", health["status"]!.GetValue<string>());
        Assert.Matches(@"^\d+\.\d+\.\d+", health["version"]!.GetValue<string>());
        Assert.True(health["database"]!["reachable"]!.GetValue<bool>());
        Assert.Equal(Server.Factory.Services.GetRequiredService<FastCms.Data.Database>().Provider.ToString().ToLowerInvariant(),
            health["database"]!["provider"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnyResponse_CarriesSecurityHeadersAndRequestId()
    {
        foreach (var path in new[] { "/health", "/no/such/page", "/api/v1/auth/me" })
        {
            var response = await Anonymous().GetAsync(path);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
            Assert.NotEmpty(response.Headers.GetValues("Referrer-Policy"));
            Assert.NotEmpty(response.Headers.GetValues("X-Request-Id").Single());
        }
    }

    [Fact]
    public async Task UnknownRoute_Returns404Problem()
    {
        var problem = await (await Anonymous().GetAsync("/api/v1/does-not-exist")).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.NotNull(problem["request_id"]);
    }

    [Fact]
    public async Task Problem_RequestId_MatchesHeader()
    {
        var response = await Anonymous().PostRawAsync("/api/v1/auth/login", "{not json");
        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(response.Headers.GetValues("X-Request-Id").Single(), problem["request_id"]!.GetValue<string>());
        Assert.Contains("not valid JSON", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task OpenApi_Document_ListsTheApi()
    {
        var document = await (await Anonymous().GetAsync("/openapi/v1.json")).ExpectAsync(HttpStatusCode.OK);
        var paths = document["paths"]!.AsObject();
        Assert.Contains("/api/v1/auth/login", paths.Select(p => p.Key));
        Assert.Contains("/api/v1/admin/users/{id}", paths.Select(p => p.Key));
    }

    [Fact]
    public async Task ApiReference_IsServedWithoutExternalResources()
    {
        var response = await Anonymous().GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotMatch(@"(src|href)=""https?://", html);
        foreach (System.Text.RegularExpressions.Match script in System.Text.RegularExpressions.Regex.Matches(html, @"<script[^>]+src=""([^""]+)"""))
        {
            var src = script.Groups[1].Value;
            var asset = await Anonymous().GetAsync(src.StartsWith('/') ? src : "/docs/" + src);
            Assert.True(asset.StatusCode == HttpStatusCode.OK, $"{src} → {(int)asset.StatusCode}");
        }
    }

    [Fact]
    public async Task ExpiredAccessToken_Returns401()
    {
        var (id, email, _, _) = await Server.NewUserAsync();
        var token = ExpiredTokens.Create(Server.Factory.Services, id, email);

        await (await Anonymous().WithBearer(token).GetAsync("/api/v1/auth/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }
}

public sealed class HostingTestsSqlite(SqliteServer server) : HostingTests(server), IClassFixture<SqliteServer>;

public sealed class HostingTestsPostgres(PostgresServer server) : HostingTests(server), IClassFixture<PostgresServer>;
