using System.Diagnostics.Metrics;
using System.Net;
using FastCms.Kernel;
using FastCms.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

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
    public async Task PluginMeter_MoreSeriesThanMaxSeriesPerMetric_CountsTheRestInTheOverflowSeries()
    {
        await using var host = await TestHost.StartAsync("sqlite", [.. MetricsTestServer.Settings, new("FastCms:Metrics:MaxSeriesPerMetric", "10")]);
        var meter = host.Factory.Services.GetRequiredService<IMeterFactory>().Create(FastCmsMeter.PluginMeterPrefix + "series-test");
        var counter = meter.CreateCounter<long>("series_test_total");
        for (var i = 0; i < 25; i++)
        {
            counter.Add(1, new KeyValuePair<string, object?>("item", $"item-{i}"));
        }

        var response = await host.Factory.CreateClient().WithBearer(MetricsTestServer.ScrapeToken).GetAsync("/api/v1/admin/metrics/prometheus");
        var series = PrometheusText.Parse(await response.Content.ReadAsStringAsync()).Where(s => s.Name == "series_test_total").ToList();
        Assert.Equal(11, series.Count); // the ten kept, and the one the rest are counted in
        Assert.Equal(25, series.Sum(s => s.Value));
        Assert.Contains(series, s => s.Labels.TryGetValue("otel_metric_overflow", out var overflow) && overflow == "true");
    }
}
