using System.Net;
using System.Text.Json.Nodes;
using FastCms.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace FastCms.Tests.Foundation;

public class RateLimitedServer : SqliteServer
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("FastCms:RateLimits:Register:PermitLimit", "3"),
        new("FastCms:RateLimits:Register:WindowSeconds", "60"),
        new("FastCms:RateLimits:Login:PermitLimit", "3"),
    ];
}

public sealed class BehindProxyServer : RateLimitedServer
{
    public const string Proxy = "10.20.30.40";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [.. base.Settings, new("FastCms:TrustedProxies:0", Proxy)];
}

/// <summary>Per-client limits on registration; the client is the peer unless a trusted proxy names it.</summary>
public sealed class RateLimitTests(RateLimitedServer server) : ServerTests(server), IClassFixture<RateLimitedServer>
{
    [Fact]
    public async Task Register_OverTheLimit_Returns429ProblemWithRetryAfter()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(201, (await RegisterFromAsync(Server, "203.0.113.50")).Response.StatusCode);
        }

        var refused = await RegisterFromAsync(Server, "203.0.113.50");

        Assert.Equal(429, refused.Response.StatusCode);
        Assert.Equal("application/problem+json", refused.Response.ContentType);
        Assert.True(int.Parse(refused.Response.Headers.RetryAfter.ToString()) is > 0 and <= 60);
        var problem = JsonNode.Parse(refused.Response.Body)!;
        Assert.Equal(429, problem["status"]!.GetValue<int>());
        Assert.Equal(201, (await RegisterFromAsync(Server, "203.0.113.51")).Response.StatusCode);
    }

    [Fact]
    public async Task Register_ForwardedForWithoutTrustedProxies_CountsThePeer()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(201, (await RegisterFromAsync(Server, "203.0.113.60", $"198.51.100.{i}")).Response.StatusCode);
        }

        Assert.Equal(429, (await RegisterFromAsync(Server, "203.0.113.60", "198.51.100.99")).Response.StatusCode);
    }

    [Fact]
    public async Task AdminLoginForm_OverTheLimit_Returns429AndPageViewsDoNotCount()
    {
        var browser = AdminClient.Create(Server.Factory);
        for (var i = 0; i < 3; i++)
        {
            var attempt = await browser.SubmitAsync("/admin/login", new() { ["email"] = Server.AdminEmail, ["password"] = "Wrong-pass-1" });
            Assert.Equal(HttpStatusCode.Unauthorized, attempt.StatusCode);
        }

        var refused = await browser.SubmitAsync("/admin/login", new() { ["email"] = Server.AdminEmail, ["password"] = ServerFixture.AdminPassword });

        Assert.Equal((HttpStatusCode)429, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
    }

    internal static Task<HttpContext> RegisterFromAsync(ServerFixture server, string ip, string? forwardedFor = null)
    {
        var email = $"limited-{Guid.NewGuid():N}@example.com";
        var json = $$"""{"email":"{{email}}","password":"User-pass-1234","password_confirm":"User-pass-1234"}""";
        return forwardedFor is null
            ? server.Factory.SendFromAsync(ip, "POST", "/api/v1/auth/register", json)
            : server.Factory.SendFromAsync(ip, "POST", "/api/v1/auth/register", json, ("X-Forwarded-For", forwardedFor));
    }
}

public sealed class TrustedProxyTests(BehindProxyServer server) : ServerTests(server), IClassFixture<BehindProxyServer>
{
    [Fact]
    public async Task Register_ForwardedByTrustedProxy_CountsEachForwardedClient()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(201, (await RateLimitTests.RegisterFromAsync(Server, BehindProxyServer.Proxy, "198.51.100.70")).Response.StatusCode);
        }

        Assert.Equal(429, (await RateLimitTests.RegisterFromAsync(Server, BehindProxyServer.Proxy, "198.51.100.70")).Response.StatusCode);
        Assert.Equal(201, (await RateLimitTests.RegisterFromAsync(Server, BehindProxyServer.Proxy, "198.51.100.71")).Response.StatusCode);
    }

    [Fact]
    public async Task Register_ForwardedForFromUntrustedPeer_CountsThePeer()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(201, (await RateLimitTests.RegisterFromAsync(Server, "203.0.113.80", $"198.51.100.{80 + i}")).Response.StatusCode);
        }

        Assert.Equal(429, (await RateLimitTests.RegisterFromAsync(Server, "203.0.113.80", "198.51.100.99")).Response.StatusCode);
    }
}
