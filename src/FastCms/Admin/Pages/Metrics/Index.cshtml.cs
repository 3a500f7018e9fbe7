using System.Globalization;
using FastCms.Metrics;
using FastCms.Realtime;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace FastCms.Admin.Pages.Metrics;

/// <summary>
/// The metrics dashboard: request counts, latency quantiles and their history, the busiest routes and the plugins'
/// hooks — read from the server's own instruments. <c>js/metrics.js</c> reloads the figures every 15 seconds.
/// </summary>
internal sealed class MetricsModel(
    MetricsCollector collector, HttpMetrics http, LatencyHistory history, IOptions<MetricsOptions> options, ClientRegistry realtimeClients, RealtimeMetrics realtime)
    : PageModel
{
    /// <summary>Open realtime streams on this instance.</summary>
    public int RealtimeConnections => realtimeClients.OpenStreams;

    /// <summary>Realtime topics subscribed on this instance.</summary>
    public int RealtimeSubscriptions => realtimeClients.Subscriptions;

    /// <summary>Realtime messages queued per second, over the last ten seconds.</summary>
    public double RealtimeMessagesPerSecond => realtime.MessagesPerSecond;

    public bool Enabled => options.Value.Enabled;

    public MetricsOverview Overview { get; private set; } = null!;

    public LatencyHistoryResponse History { get; private set; } = null!;

    public LatencyChart Chart { get; private set; } = null!;

    public DateTimeOffset TakenAt { get; private set; }

    public void OnGet()
    {
        if (!Enabled)
        {
            return;
        }

        Overview = MetricsOverview.From(collector.Collect(), http.Uptime);
        History = history.Read();
        Chart = LatencyChart.Draw(History, "latency-chart-title latency-chart-summary");
        TakenAt = DateTimeOffset.UtcNow;
    }

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Ms(double value) => LatencyChart.Ms(value) + " ms";

    /// <summary>"3 d 4 h", "2 h 14 min", "5 min 3 s", "42 s".</summary>
    public static string Duration(TimeSpan span) => span switch
    {
        { TotalDays: >= 1 } => $"{(int)span.TotalDays} d {span.Hours} h",
        { TotalHours: >= 1 } => $"{(int)span.TotalHours} h {span.Minutes} min",
        { TotalMinutes: >= 1 } => $"{(int)span.TotalMinutes} min {span.Seconds} s",
        _ => $"{(int)span.TotalSeconds} s",
    };

    /// <summary>Route templates as addresses: Razor pages report theirs without the leading slash.</summary>
    public static string RouteLabel(string route) =>
        route is HttpMetrics.UnmatchedRoute or HttpMetrics.StaticRoute || route.StartsWith('/') ? route : "/" + route;

    /// <summary>One sentence for screen readers: what the chart shows.</summary>
    public string ChartSummary()
    {
        var active = History.Windows.Where(w => w.Requests > 0).ToList();
        if (active.Count == 0)
        {
            return $"No requests in the last {Duration(Chart.Span)}.";
        }

        var requests = active.Sum(w => w.Requests);
        return $"{Count(requests)} requests in the last {Duration(Chart.Span)}; per 10-second window the median latency ranged from "
            + $"{Ms(active.Min(w => w.P50))} to {Ms(active.Max(w => w.P50))} and the 95th percentile reached {Ms(active.Max(w => w.P95))}.";
    }
}
