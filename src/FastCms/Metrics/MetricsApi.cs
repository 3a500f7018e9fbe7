using FastCms.Auth;
using FastCms.Kernel;
using FastCms.Plugins;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FastCms.Metrics;

internal static class MetricsApi
{
    public const string Prefix = "/api/v1/admin/metrics";

    /// <summary>
    /// <c>GET /api/v1/admin/metrics</c> (JSON snapshot), <c>/history</c> (latency per 10 s) and <c>/prometheus</c>
    /// (text exposition, also readable with the scrape token).
    /// </summary>
    public static RouteGroupBuilder MapMetricsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Prefix).WithTags("Admin: metrics");
        api.MapGet("/", Snapshot).RequireAdmin();
        api.MapGet("/history", History).RequireAdmin();

        var enabled = app.ServiceProvider.GetRequiredService<IOptions<MetricsOptions>>().Value.Enabled;
        var prometheus = enabled
            ? app.MapPrometheusScrapingEndpoint(Prefix + "/prometheus")
            : api.MapGet("/prometheus", Disabled);
        prometheus.RequireAuthorization(ScrapeTokenAuthentication.Policy).AcceptsInvalidBearerToken().WithTags("Admin: metrics");
        return api;
    }

    private static Results<Ok<MetricsSnapshot>, ProblemHttpResult> Snapshot(
        MetricsCollector collector, HttpMetrics http, IOptions<MetricsOptions> options) =>
        options.Value.Enabled
            ? TypedResults.Ok(MetricsSnapshot.From(collector.Collect(), http.Uptime))
            : Disabled();

    private static Results<Ok<LatencyHistoryResponse>, ProblemHttpResult> History(LatencyHistory history, IOptions<MetricsOptions> options) =>
        options.Value.Enabled ? TypedResults.Ok(history.Read()) : Disabled();

    private static ProblemHttpResult Disabled() =>
        Problems.NotFound("Metrics are disabled on this server (FastCms:Metrics:Enabled is false).");
}
