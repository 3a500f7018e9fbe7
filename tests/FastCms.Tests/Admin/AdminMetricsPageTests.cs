using System.Net;
using System.Text.RegularExpressions;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.Metrics;

namespace FastCms.Tests.Admin;

public sealed class AdminMetricsPageTests(MetricsSqliteServer server) : ServerTests(server), IClassFixture<MetricsSqliteServer>
{
    [Fact]
    public async Task MetricsPage_AfterTraffic_ShowsCardsQuantilesRoutesAndPlugins()
    {
        var client = Anonymous();
        for (var i = 0; i < 3; i++)
        {
            await client.GetAsync("/test/metrics/fail");
            await client.GetAsync("/api/v1/plugins/metrics-demo/echo/200");
        }

        await client.GetAsync("/test/metrics/sleep/30");
        var admin = await AdminClient.SignInAsync(Server.Factory, Server.AdminEmail, ServerFixture.AdminPassword);
        var html = await admin.GetPageAsync("/admin/metrics");
        var snapshot = await (await Admin.GetAsync("/api/v1/admin/metrics")).ExpectAsync(HttpStatusCode.OK);

        var errors = snapshot["counters"]!.AsObject().Where(p => p.Key.StartsWith("fastcms_http_errors_total", StringComparison.Ordinal)).Sum(p => p.Value!.GetValue<double>());
        Assert.Equal(errors, Number(html, "metric-errors"));
        Assert.True(Number(html, "metric-requests") >= 7);
        Assert.Matches("<span class=\"stat-value\" id=\"metric-median\">[\\d.]+<span class=\"stat-unit\"> ms</span></span>", html);
        Assert.Matches("<dd id=\"metric-p50\">[\\d.]+ ms</dd>", html);
        Assert.Matches("<dd id=\"metric-p95\">[\\d.,]+ ms</dd>", html);
        Assert.Matches("<dd id=\"metric-p99\">[\\d.,]+ ms</dd>", html);
        Assert.Matches("<code>/test/metrics/fail</code></span></td>\\s*<td data-label=\"Requests\" class=\"numeric\">3</td>\\s*<td data-label=\"5xx\" class=\"numeric\">3</td>", html);
        Assert.Matches("<td data-label=\"Hook owner\"><code>metrics-demo</code></td>(\\s*<td[^>]*>[^<]*</td>){4}\\s*<td data-label=\"Requests\" class=\"numeric\">3</td>", html);
        Assert.Contains("<svg class=\"latency-chart\"", html);
        Assert.Contains("role=\"img\" aria-labelledby=\"latency-chart-title latency-chart-summary\"", html);
        Assert.Contains("<path class=\"line-p50\"", html);
        Assert.Contains("<path class=\"line-p95\"", html);
        Assert.Matches("<p class=\"visually-hidden\" id=\"latency-chart-summary\">\\d+ requests in the last", html);
        Assert.Matches("<script src=\"/admin/assets/js/metrics.js\\?v=[0-9a-f]+\" defer></script>", html);
    }

    [Fact]
    public async Task MetricsPage_MetricsDisabled_SaysSo()
    {
        const string password = "Owner-pass-1234";
        await using var host = await TestHost.StartAsync("sqlite",
        [
            new("FastCms:Metrics:Enabled", "false"),
            new("FastCms:Auth:AdminEmail", "owner@example.com"),
            new("FastCms:Auth:AdminPassword", password),
        ]);
        var admin = await AdminClient.SignInAsync(host.Factory, "owner@example.com", password);

        var html = await admin.GetPageAsync("/admin/metrics");

        Assert.Contains("Metrics are disabled", html);
        Assert.Contains("FastCms:Metrics:Enabled=false", html);
    }

    private static double Number(string html, string id)
    {
        var match = Regex.Match(html, $"id=\"{id}\">([\\d,]+)<");
        Assert.True(match.Success, $"No figure {id}.");
        return double.Parse(match.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
    }
}
