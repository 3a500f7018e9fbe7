using System.Net;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.Records;
using FastCms.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FastCms.Tests.Webhooks;

/// <summary>
/// A server whose allow-list names only 127.0.0.3, where the allowed receiver listens. A canary listens on 127.0.0.1,
/// 127.0.0.2 and ::1 (one port): every way of pointing a webhook at it must leave it without a single request.
/// </summary>
public sealed class SsrfSetup : IServerSetup
{
    public IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        .. WebhookSetup.FastOutbox.Where(s => !s.Key.StartsWith("FastCms:Webhooks:AllowedAddresses", StringComparison.Ordinal)),
        new("FastCms:Webhooks:AllowedAddresses:0", "127.0.0.3"),
        new("FastCms:Outbox:MaxAttempts", "2"),
    ];
}

public abstract class SsrfTests(ServerFixture server) : ServerTests(server)
{
    private static async Task<WebhookReceiver> CanaryAsync()
    {
        var first = await WebhookReceiver.StartAsync("127.0.0.2");
        var port = new Uri(first.BaseUrl).Port;
        await first.DisposeAsync();
        return await WebhookReceiver.StartAsync([IPAddress.Parse("127.0.0.2"), IPAddress.Parse("127.0.0.1"), IPAddress.IPv6Loopback], port);
    }

    [Theory]
    [InlineData("127.0.0.2")]
    [InlineData("[::ffff:127.0.0.2]")]
    [InlineData("2130706434")]
    [InlineData("0177.0.0.2")]
    [InlineData("[::1]")]
    public async Task Create_LiteralLoopbackOutsideAllowList_RefusedAndCanaryGetsNothing(string host)
    {
        await using var canary = await CanaryAsync();
        var port = new Uri(canary.BaseUrl).Port;

        var response = await Admin.PostJsonAsync("/api/v1/admin/webhooks", new { url = $"http://{host}:{port}/hook" });

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("AllowedAddresses", problem["errors"]!["url"]![0]!.GetValue<string>());
        Assert.Empty(canary.Received);
    }

    [Theory]
    [InlineData("127.0.0.2")]
    [InlineData("[::ffff:127.0.0.2]")]
    [InlineData("2130706434")]
    [InlineData("0177.0.0.2")]
    [InlineData("localhost")]
    public async Task Connector_LoopbackInAnySpelling_RefusedBeforeConnecting(string host)
    {
        await using var canary = await CanaryAsync();
        var connector = Server.Factory.Services.GetRequiredService<WebhookConnector>();

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => connector.Client.PostAsync($"http://{host}:{new Uri(canary.BaseUrl).Port}/hook", new StringContent("{}")));

        Assert.IsType<AddressRefusedException>(error.InnerException);
        Assert.Empty(canary.Received);
    }

    [Fact]
    public async Task Deliver_NameResolvingToLoopback_RefusedAndLogged()
    {
        await using var canary = await CanaryAsync();
        var collection = await Admin.NewCollectionAsync();
        var webhook = await Admin.CreateWebhookAsync(new { url = $"http://localhost:{new Uri(canary.BaseUrl).Port}/hook", collections = new[] { collection } });

        await Admin.CreateRecordAsync(collection, new { title = "to localhost" });

        var log = await Admin.WaitForDeliveriesAsync(webhook.Id(), l => l.Count == 1 && l[0]!["status"]!.GetValue<string>() == "dead");
        Assert.Contains("AllowedAddresses", log[0]!["error"]!.GetValue<string>());
        Assert.Empty(canary.Received);
    }

    [Fact]
    public async Task Deliver_AllowedReceiverRedirectsToCanary_RedirectNotFollowed()
    {
        await using var canary = await CanaryAsync();
        await using var allowed = await WebhookReceiver.StartAsync("127.0.0.3");
        allowed.Respond = (_, _) => Results.Redirect($"http://127.0.0.2:{new Uri(canary.BaseUrl).Port}/hook", permanent: false, preserveMethod: true);
        var collection = await Admin.NewCollectionAsync();
        var webhook = await Admin.CreateWebhookAsync(new { url = allowed.Url, collections = new[] { collection } });

        await Admin.CreateRecordAsync(collection, new { title = "redirected" });

        var log = await Admin.WaitForDeliveriesAsync(webhook.Id(), l => l.Count == 1 && l[0]!["status"]!.GetValue<string>() == "dead");
        Assert.Equal(307, log[0]!["response_code"]!.GetValue<int>());
        Assert.Equal(2, allowed.Received.Count);
        Assert.Empty(canary.Received);
    }
}

public sealed class SsrfTestsSqlite(SqliteServer<SsrfSetup> server) : SsrfTests(server), IClassFixture<SqliteServer<SsrfSetup>>;

public sealed class SsrfTestsPostgres(PostgresServer<SsrfSetup> server) : SsrfTests(server), IClassFixture<PostgresServer<SsrfSetup>>;
