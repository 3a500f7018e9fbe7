using System.Net;
using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.Metrics;

public sealed class MetricsSettingsTests
{
    private const string Password = "Metrics-pass-1234";

    [Theory]
    [InlineData("/api/v1/admin/metrics")]
    [InlineData("/api/v1/admin/metrics/history")]
    [InlineData("/api/v1/admin/metrics/prometheus")]
    public async Task Endpoints_MetricsDisabled_Return404SayingSo(string path)
    {
        await using var host = await TestHost.StartAsync("sqlite",
        [
            new("FastCms:Metrics:Enabled", "false"),
            new("FastCms:Auth:AdminEmail", "metrics@example.com"),
            new("FastCms:Auth:AdminPassword", Password),
        ]);
        var client = host.Factory.CreateClient();
        var login = await (await client.PostJsonAsync("/api/v1/auth/login", new { email = "metrics@example.com", password = Password }))
            .ExpectAsync(HttpStatusCode.OK);
        client.WithBearer(login["token"]!["access_token"]!.GetValue<string>());

        var problem = await (await client.GetAsync(path)).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("FastCms:Metrics:Enabled", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await (await host.Factory.CreateClient().GetAsync(path)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public void Startup_ShortScrapeToken_FailsNamingTheSetting()
    {
        var root = TestPaths.NewRoot();
        try
        {
            var error = Assert.ThrowsAny<Exception>(() => TestHost.Start(new SqliteTestDatabase(), root, [new("FastCms:Metrics:ScrapeToken", "too-short")]));
            Assert.Contains("FastCms:Metrics:ScrapeToken must be at least 16 characters", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            TestPaths.TryDelete(root);
        }
    }
}
