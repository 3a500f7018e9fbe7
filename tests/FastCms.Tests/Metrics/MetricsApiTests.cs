using System.Net;
using System.Text.Json.Nodes;
using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.Metrics;

public abstract class MetricsApiTests(ServerFixture server) : ServerTests(server)
{
    private const string Requests = "fastcms_http_requests_total";

    [Fact]
    public async Task Requests_OfEachStatus_IncreaseCountersByRouteTemplate()
    {
        var (_, _, user, _) = await Server.NewUserAsync();
        var before = await ScrapeAsync();

        await Anonymous().GetAsync("/api/v1/health");
        await Anonymous().GetAsync("/api/v1/health");
        await Anonymous().GetAsync("/api/v1/admin/users");
        await user.GetAsync("/api/v1/admin/users");
        await Admin.GetAsync("/api/v1/admin/users/nonexistent-id");
        await Anonymous().PostRawAsync("/api/v1/auth/login", "{not json");
        await Anonymous().GetAsync("/test/metrics/fail");
        var after = await ScrapeAsync();

        double Delta(string method, string route, string status) =>
            after.Sum(Requests, ("method", method), ("route", route), ("status", status)) -
            before.Sum(Requests, ("method", method), ("route", route), ("status", status));

        Assert.Equal(2, Delta("GET", "/api/v1/health", "200"));
        Assert.Equal(1, Delta("GET", "/api/v1/admin/users/", "401"));
        Assert.Equal(1, Delta("GET", "/api/v1/admin/users/", "403"));
        Assert.Equal(1, Delta("GET", "/api/v1/admin/users/{id}", "404"));
        Assert.Equal(1, Delta("POST", "/api/v1/auth/login", "400"));
        Assert.Equal(1, Delta("GET", "/test/metrics/fail", "500"));

        // 5xx are also counted as errors, with the same labels; nothing else is.
        Assert.Equal(1, after.Sum("fastcms_http_errors_total", ("route", "/test/metrics/fail"), ("status", "500"))
            - before.Sum("fastcms_http_errors_total", ("route", "/test/metrics/fail"), ("status", "500")));
        Assert.Equal(1, after.Sum("fastcms_http_errors_total") - before.Sum("fastcms_http_errors_total"));
        Assert.DoesNotContain(after, s => s.Name == Requests && s.Labels["route"].Contains("nonexistent-id", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Snapshot_AfterRequests_ReportsCountersGaugesAndHistograms()
    {
        await Anonymous().GetAsync("/api/v1/health");
        var snapshot = await (await Admin.GetAsync("/api/v1/admin/metrics")).ExpectAsync(HttpStatusCode.OK);

        Assert.True(snapshot["uptime_seconds"]!.GetValue<double>() > 0);
        Assert.True(snapshot["counters"]!["fastcms_http_requests_total{method=\"GET\",route=\"/api/v1/health\",status=\"200\"}"]!.GetValue<double>() >= 1);
        Assert.True(snapshot["gauges"]!["fastcms_uptime_seconds"]!.GetValue<double>() > 0);
        Assert.True(snapshot["gauges"]!["fastcms_http_requests_in_flight"]!.GetValue<double>() >= 1, "the snapshot request itself is in flight");
        Assert.True(snapshot["gauges"]!["dotnet.process.memory.working_set"]!.GetValue<double>() > 0, "runtime metrics are included");
        Assert.Contains(snapshot["counters"]!.AsObject(), c => c.Key.StartsWith("dotnet.process.cpu.time{", StringComparison.Ordinal));
        Assert.Contains(snapshot["counters"]!.AsObject(), c => c.Key.StartsWith("dotnet.gc.collections{", StringComparison.Ordinal));

        var health = snapshot["histograms"]!["fastcms_http_request_duration_seconds{method=\"GET\",route=\"/api/v1/health\"}"]!;
        Assert.True(health["count"]!.GetValue<long>() >= 1);
        Assert.Equal("ms", health["unit"]!.GetValue<string>());
        var (p50, p95, p99) = (health["p50"]!.GetValue<double>(), health["p95"]!.GetValue<double>(), health["p99"]!.GetValue<double>());
        Assert.True(p50 > 0 && p50 <= p95 && p95 <= p99, $"p50={p50} p95={p95} p99={p99}");
        Assert.True(health["mean"]!.GetValue<double>() > 0);
    }

    [Fact]
    public async Task Histogram_EndpointSleepingKnownDurations_QuantilesFallInTheirBuckets()
    {
        // 18 requests of ~35 ms (bucket 25–50 ms) and 2 of ~350 ms (bucket 250–500 ms): the median is a fast
        // request, the 95th and 99th percentiles are slow ones.
        for (var i = 0; i < 18; i++)
        {
            await (await Anonymous().GetAsync("/test/metrics/quantiles/35")).ExpectAsync(HttpStatusCode.OK);
        }

        for (var i = 0; i < 2; i++)
        {
            await (await Anonymous().GetAsync("/test/metrics/quantiles/350")).ExpectAsync(HttpStatusCode.OK);
        }

        var snapshot = await (await Admin.GetAsync("/api/v1/admin/metrics")).ExpectAsync(HttpStatusCode.OK);
        var sleep = snapshot["histograms"]!["fastcms_http_request_duration_seconds{method=\"GET\",route=\"/test/metrics/quantiles/{ms:int}\"}"]!;
        var (p50, p95, p99) = (sleep["p50"]!.GetValue<double>(), sleep["p95"]!.GetValue<double>(), sleep["p99"]!.GetValue<double>());
        Assert.Equal(20, sleep["count"]!.GetValue<long>());
        Assert.InRange(p50, 25, 50);
        Assert.InRange(p95, 250, 500);
        Assert.InRange(p99, 250, 500);
        Assert.True(p50 <= p95 && p95 <= p99, $"p50={p50} p95={p95} p99={p99}");
        Assert.InRange(sleep["mean"]!.GetValue<double>(), 35 + (315 * 2 / 20.0), 500);

        // The same distribution in the Prometheus buckets: nothing below 25 ms, the slow two above 250 ms.
        var samples = await ScrapeAsync();
        double Bucket(string le) => samples.Sum("fastcms_http_request_duration_seconds_bucket", ("route", "/test/metrics/quantiles/{ms:int}"), ("le", le));
        Assert.Equal(0, Bucket("0.025"));
        Assert.Equal(18, Bucket("0.25"));
        Assert.Equal(20, Bucket("0.5"));
        Assert.Equal(20, Bucket("+Inf"));
    }

    [Fact]
    public async Task NotFoundStorm_RandomPathsAndMethods_AddsNoSeries()
    {
        await Anonymous().GetAsync("/warm-up/unmatched");
        await Anonymous().SendAsync(new HttpRequestMessage(new HttpMethod("WARMUP"), "/warm-up/unmatched"));
        await ScrapeAsync(); // the scrape requests have their own series; make sure they exist before comparing
        var before = await ScrapeAsync();
        var unmatchedBefore = before.Sum(Requests, ("route", "unmatched"), ("status", "404"));

        var paths = Enumerable.Range(0, 200).Select(_ => $"/{Guid.NewGuid():N}/{Guid.NewGuid():N}?q={Guid.NewGuid():N}").ToList();
        foreach (var path in paths)
        {
            var method = Random.Shared.Next(4) == 0 ? new HttpMethod("X" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()) : HttpMethod.Get;
            var response = await Anonymous().SendAsync(new HttpRequestMessage(method, path));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        var after = await ScrapeAsync();
        var seriesBefore = before.Where(s => s.Name.StartsWith("fastcms_http_", StringComparison.Ordinal)).Select(s => s.SeriesKey()).ToHashSet();
        var added = after.Where(s => s.Name.StartsWith("fastcms_http_", StringComparison.Ordinal)).Select(s => s.SeriesKey())
            .Where(key => !seriesBefore.Contains(key)).ToList();
        Assert.True(added.Count == 0, "New series: " + string.Join(" ", added));
        Assert.Equal(200, after.Sum(Requests, ("route", "unmatched"), ("status", "404")) - unmatchedBefore);
        var text = await (await ScrapeResponseAsync()).Content.ReadAsStringAsync();
        Assert.DoesNotContain(paths[0].Split('/')[1], text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PluginEndpoint_Requests_CountedPerPluginAndStatus()
    {
        var before = await ScrapeAsync();
        await Anonymous().GetAsync("/api/v1/plugins/metrics-demo/echo/200");
        await Anonymous().GetAsync("/api/v1/plugins/metrics-demo/echo/200");
        await Anonymous().GetAsync("/api/v1/plugins/metrics-demo/echo/418");
        await Anonymous().GetAsync("/api/v1/health");
        var after = await ScrapeAsync();

        double Delta(string status) =>
            after.Sum("fastcms_plugin_requests_total", ("plugin", MetricsTestServer.PluginId), ("status", status)) -
            before.Sum("fastcms_plugin_requests_total", ("plugin", MetricsTestServer.PluginId), ("status", status));
        Assert.Equal(2, Delta("200"));
        Assert.Equal(1, Delta("418"));
        Assert.Equal(3, after.Sum("fastcms_plugin_requests_total") - before.Sum("fastcms_plugin_requests_total"));
        Assert.Equal(2, after.Sum(Requests, ("route", MetricsTestServer.PluginRoute), ("status", "200")) -
            before.Sum(Requests, ("route", MetricsTestServer.PluginRoute), ("status", "200")));
    }

    [Fact]
    public async Task History_AfterRequests_CurrentWindowCountsThemWithOrderedQuantiles()
    {
        var before = await (await Admin.GetAsync("/api/v1/admin/metrics/history")).ExpectAsync(HttpStatusCode.OK);
        for (var i = 0; i < 5; i++)
        {
            await Anonymous().GetAsync("/test/metrics/sleep/30");
        }

        var after = await (await Admin.GetAsync("/api/v1/admin/metrics/history")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(10, after["interval_seconds"]!.GetValue<int>());
        var windows = after["windows"]!.AsArray();
        Assert.False(windows[^1]!["complete"]!.GetValue<bool>());
        Assert.All(windows.Take(windows.Count - 1), w => Assert.True(w!["complete"]!.GetValue<bool>()));

        // The first history request finished before the second began, so it is counted too.
        Assert.Equal(5 + 1, Total(after) - Total(before));
        var current = windows[^1]!;
        var (p50, p95) = (current["p50"]!.GetValue<double>(), current["p95"]!.GetValue<double>());
        Assert.True(p50 > 0 && p50 <= p95, $"p50={p50} p95={p95}");
        Assert.True(current["mean"]!.GetValue<double>() > 0);

        static long Total(JsonNode history) => history["windows"]!.AsArray().Sum(w => w!["requests"]!.GetValue<long>());
    }

    protected async Task<HttpResponseMessage> ScrapeResponseAsync()
    {
        var response = await Admin.GetAsync("/api/v1/admin/metrics/prometheus");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return response;
    }

    protected async Task<IReadOnlyList<Sample>> ScrapeAsync() =>
        PrometheusText.Parse(await (await ScrapeResponseAsync()).Content.ReadAsStringAsync());
}

public sealed class MetricsApiTestsSqlite(SqliteServer<MetricsSetup> s) : MetricsApiTests(s), IClassFixture<SqliteServer<MetricsSetup>>;

public sealed class MetricsApiTestsPostgres(PostgresServer<MetricsSetup> s) : MetricsApiTests(s), IClassFixture<PostgresServer<MetricsSetup>>;
