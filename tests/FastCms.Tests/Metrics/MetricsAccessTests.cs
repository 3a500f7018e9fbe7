using System.Net;
using System.Net.Http.Headers;
using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.Metrics;

public abstract class MetricsAccessTests(ServerFixture server) : ServerTests(server)
{
    public static TheoryData<string> Endpoints => new("/api/v1/admin/metrics", "/api/v1/admin/metrics/history", "/api/v1/admin/metrics/prometheus");

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Get_Anonymous_Returns401(string path) =>
        await (await Anonymous().GetAsync(path)).ExpectProblemAsync(HttpStatusCode.Unauthorized);

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Get_NonAdmin_Returns403(string path)
    {
        var (_, _, user, _) = await Server.NewUserAsync();
        await (await user.GetAsync(path)).ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Get_Admin_Returns200(string path) =>
        Assert.Equal(HttpStatusCode.OK, (await Admin.GetAsync(path)).StatusCode);

    [Fact]
    public async Task Prometheus_ScrapeToken_ReturnsTextFormat()
    {
        var response = await Anonymous().WithBearer(MetricsTestServer.ScrapeToken).GetAsync("/api/v1/admin/metrics/prometheus");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var samples = PrometheusText.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(samples, s => s.Name == "fastcms_http_requests_total");
        Assert.Contains(samples, s => s.Name == "fastcms_uptime_seconds" && s.Value > 0);
    }

    [Theory]
    [InlineData("Bearer", "test-scrape-token-0123456789abcdeX")]
    [InlineData("Bearer", "test-scrape-token")]
    [InlineData("Bearer", "test-scrape-token-0123456789abcdef0")]
    [InlineData("Basic", MetricsTestServer.ScrapeToken)]
    public async Task Prometheus_WrongScrapeToken_Returns401(string scheme, string token)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(scheme, token);
        await (await client.GetAsync("/api/v1/admin/metrics/prometheus")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("/api/v1/admin/metrics")]
    [InlineData("/api/v1/admin/metrics/history")]
    [InlineData("/api/v1/admin/users")]
    public async Task AdminEndpoints_ScrapeToken_Returns401(string path) =>
        await (await Anonymous().WithBearer(MetricsTestServer.ScrapeToken).GetAsync(path)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
}

public sealed class MetricsAccessTestsSqlite(SqliteServer<MetricsSetup> s) : MetricsAccessTests(s), IClassFixture<SqliteServer<MetricsSetup>>;

public sealed class MetricsAccessTestsPostgres(PostgresServer<MetricsSetup> s) : MetricsAccessTests(s), IClassFixture<PostgresServer<MetricsSetup>>;
