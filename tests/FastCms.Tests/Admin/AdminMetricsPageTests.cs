using System.Net;
using System.Text.RegularExpressions;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.Metrics;

namespace FastCms.Tests.Admin;

public sealed class AdminMetricsPageTests(SqliteServer<MetricsSetup> server) : ServerTests(server), IClassFixture<SqliteServer<MetricsSetup>>
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
        Assert.Matches("<td data-label=\"Hook owner\"><code>metrics-demo</code></td>(\\s*<td[^>]*>[^<]*</td>){5}\\s*<td data-label=\"Requests\" class=\"numeric\">3</td>", html);
        Assert.Contains("<svg class=\"latency-chart\"", html);
        Assert.Contains("role=\"img\" aria-labelledby=\"latency-chart-title latency-chart-summary\"", html);
        Assert.Contains("<path class=\"line-p50\"", html);
        Assert.Contains("<path class=\"line-p95\"", html);
        Assert.Matches("<p class=\"visually-hidden\" id=\"latency-chart-summary\">\\d+ requests in the last", html);
        Assert.Matches("<script src=\"/admin/assets/js/metrics.js\\?v=[0-9a-f]+\" defer></script>", html);
    }

    [Fact]
    public async Task MetricsPage_FewSlowRequests_ShowsTheExactMaxBesideTheEstimatedP95()
    {
        var client = Anonymous();
        for (var i = 0; i < 39; i++)
        {
            await client.GetAsync("/test/metrics/sleep/0");
        }

        await client.GetAsync("/test/metrics/sleep/400");
        var admin = await AdminClient.SignInAsync(Server.Factory, Server.AdminEmail, ServerFixture.AdminPassword);
        var html = await admin.GetPageAsync("/admin/metrics");

        var row = Regex.Match(html, "<code>/test/metrics/sleep/\\{ms:int\\}</code>.*?</tr>", RegexOptions.Singleline).Value;
        double Cell(string label)
        {
            var cell = Regex.Match(row, $"<td data-label=\"{Regex.Escape(label)}\" class=\"numeric\">([\\d.,]+) ms</td>");
            Assert.True(cell.Success, $"No {label} in the row: {row}");
            return double.Parse(cell.Groups[1].Value.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);
        }

        var (mean, p95, max) = (Cell("Mean"), Cell("p95 \u2248"), Cell("Max"));
        Assert.True(max >= 350 && max >= mean && max >= p95, $"max {max}, mean {mean}, p95 {p95}");
        Assert.Contains("<th scope=\"col\" class=\"numeric\">p95 <span class=\"estimate\" title=\"estimated\">\u2248</span></th><th scope=\"col\" class=\"numeric\">Max</th>", html);
        Assert.Matches("<dd id=\"metric-max\">[\\d.,]+ ms</dd>", html);
        Assert.Contains("the percentiles (\u2248) are estimated from histogram buckets", html);
    }

    [Fact]
    public async Task MetricsPage_StaticFiles_CountedUnderTheStaticRouteNotUnmatched()
    {
        var admin = await AdminClient.SignInAsync(Server.Factory, Server.AdminEmail, ServerFixture.AdminPassword);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await Anonymous().GetAsync("/admin/assets/css/admin.css")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await Anonymous().GetAsync("/favicon.ico")).StatusCode);
        var snapshot = await (await Admin.GetAsync("/api/v1/admin/metrics")).ExpectAsync(HttpStatusCode.OK);
        var counters = snapshot["counters"]!.AsObject();

        Assert.True(counters["fastcms_http_requests_total{method=\"GET\",route=\"static\",status=\"200\"}"]!.GetValue<double>() >= 4);
        Assert.DoesNotContain(counters, c => c.Key.Contains("route=\"unmatched\",status=\"200\"", StringComparison.Ordinal));
        Assert.Matches("<span class=\"badge\">GET</span> <code>static</code>", await admin.GetPageAsync("/admin/metrics"));
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
