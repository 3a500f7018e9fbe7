using FastCms.Metrics;

namespace FastCms.Admin.Pages.Metrics;

/// <summary>
/// Latency of a group of requests or hook calls, in milliseconds. The mean and the max are exact; the quantiles are
/// estimated from histogram buckets. A p95 below the mean is no contradiction: a few calls were much slower than the
/// rest, and the max shows how slow.
/// </summary>
internal sealed record LatencySummary(long Count, double Mean, double P50, double P95, double P99, double Max);

/// <summary>One row of the top routes table.</summary>
internal sealed record RouteRow(string Method, string Route, long Requests, long Errors, LatencySummary Latency);

/// <summary>One row of the plugins table: its record hooks and its endpoints.</summary>
internal sealed record PluginRow(string Plugin, LatencySummary Hooks, long HookErrors, long Requests);

/// <summary>
/// What the metrics dashboard shows, computed from the same series as <c>GET /api/v1/admin/metrics</c>: request
/// histograms of all routes merged for the overall quantiles, grouped per route and per plugin for the tables.
/// </summary>
internal sealed record MetricsOverview(
    TimeSpan Uptime,
    long Requests,
    long Errors,
    LatencySummary Latency,
    IReadOnlyList<RouteRow> TopRoutes,
    IReadOnlyList<PluginRow> Plugins)
{
    public const int ShownRoutes = 10;

    private const string HookDurationName = "fastcms_plugin_hook_duration_seconds";
    private const string HookErrorsName = "fastcms_plugin_hook_errors_total";
    private const string PluginRequestsName = "fastcms_plugin_requests_total";

    public static MetricsOverview From(IReadOnlyList<MetricSeries> series, TimeSpan uptime)
    {
        var durations = series.Where(s => s is { Name: HttpMetrics.DurationName, Histogram: not null }).ToList();
        var errors = series.Where(s => s.Name == HttpMetrics.ErrorsName).ToList();
        var routes = durations
            .GroupBy(s => (Method: Label(s, "method"), Route: Label(s, "route")))
            .Select(g => new RouteRow(
                g.Key.Method,
                g.Key.Route,
                g.Sum(s => s.Histogram!.Count),
                (long)errors.Where(e => Label(e, "method") == g.Key.Method && Label(e, "route") == g.Key.Route).Sum(e => e.Value),
                Summarize(g)))
            .OrderByDescending(r => r.Requests).ThenBy(r => r.Route, StringComparer.Ordinal)
            .Take(ShownRoutes)
            .ToList();

        var hookErrors = series.Where(s => s.Name == HookErrorsName).ToList();
        var pluginRequests = series.Where(s => s.Name == PluginRequestsName).ToList();
        var plugins = series.Where(s => s is { Name: HookDurationName, Histogram: not null }).Select(s => Label(s, "plugin"))
            .Concat(hookErrors.Select(s => Label(s, "plugin")))
            .Concat(pluginRequests.Select(s => Label(s, "plugin")))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(plugin => new PluginRow(
                plugin,
                Summarize(series.Where(s => s is { Name: HookDurationName, Histogram: not null } && Label(s, "plugin") == plugin)),
                (long)hookErrors.Where(s => Label(s, "plugin") == plugin).Sum(s => s.Value),
                (long)pluginRequests.Where(s => Label(s, "plugin") == plugin).Sum(s => s.Value)))
            .ToList();

        return new MetricsOverview(
            uptime,
            (long)series.Where(s => s.Name == HttpMetrics.RequestsName).Sum(s => s.Value),
            (long)errors.Sum(s => s.Value),
            Summarize(durations),
            routes,
            plugins);
    }

    /// <summary>Merges histograms of one instrument (same buckets) and reports milliseconds.</summary>
    public static LatencySummary Summarize(IEnumerable<MetricSeries> histograms)
    {
        double[] bounds = [];
        long[] counts = [];
        double sum = 0, min = double.NaN, max = double.NaN;
        long total = 0;
        foreach (var h in histograms.Select(s => s.Histogram!))
        {
            if (counts.Length == 0)
            {
                bounds = h.Bounds;
                counts = new long[h.Counts.Length];
            }

            for (var i = 0; i < counts.Length && i < h.Counts.Length; i++)
            {
                counts[i] += h.Counts[i];
            }

            if (h.Count > 0)
            {
                min = double.IsNaN(min) ? h.Min : Math.Min(min, h.Min);
                max = double.IsNaN(max) ? h.Max : Math.Max(max, h.Max);
            }

            sum += h.Sum;
            total += h.Count;
        }

        double Ms(double seconds) => Math.Round(seconds * 1000, 3);
        double Quantile(double q) => Ms(Quantiles.Estimate(bounds, counts, q, min, max));
        return new LatencySummary(
            total, total == 0 ? 0 : Ms(sum / total), Quantile(0.5), Quantile(0.95), Quantile(0.99), total == 0 || double.IsNaN(max) ? 0 : Ms(max));
    }

    private static string Label(MetricSeries series, string name) =>
        series.Labels.FirstOrDefault(l => l.Key == name).Value ?? "";
}
