using FastCms.PluginHost;
using FastCms.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FastCms.Tests.Metrics;

/// <summary>The test server's extra endpoints and settings for the metrics tests.</summary>
public static class MetricsTestServer
{
    public const string ScrapeToken = "test-scrape-token-0123456789abcdef";

    public const string PluginId = "metrics-demo";

    public const string PluginRoute = "/api/v1/plugins/metrics-demo/echo/{status:int}";

    public static readonly KeyValuePair<string, string?>[] Settings = [new("FastCms:Metrics:ScrapeToken", ScrapeToken)];

    public static void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/test/metrics/sleep/{ms:int}", Sleep);

        // Only the quantile test calls this one, so its histogram holds exactly that test's requests.
        endpoints.MapGet("/test/metrics/quantiles/{ms:int}", Sleep);
        endpoints.MapGet("/test/metrics/fail", IResult () => throw new InvalidOperationException("Failing on purpose."));
        endpoints.MapGet(PluginRoute, (int status) => Results.StatusCode(status))
            .WithMetadata(new PluginEndpointMetadata(PluginId));
    }

    private static async Task<IResult> Sleep(int ms, CancellationToken cancellationToken)
    {
        await Task.Delay(ms, cancellationToken);
        return Results.Ok();
    }
}

public sealed class MetricsSetup : IServerSetup
{
    public IEnumerable<KeyValuePair<string, string?>> Settings => MetricsTestServer.Settings;

    public Action<IEndpointRouteBuilder> TestEndpoints => MetricsTestServer.MapEndpoints;
}
