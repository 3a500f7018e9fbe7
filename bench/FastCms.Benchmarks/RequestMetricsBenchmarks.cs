using BenchmarkDotNet.Attributes;
using FastCms.Metrics;
using FastCms.PluginHost;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FastCms.Benchmarks;

/// <summary>
/// What the request middleware adds to each request once the metrics pipeline listens: the in-flight gauge, the
/// request counter and the latency histogram, each aggregated for the Prometheus exporter and the JSON snapshot.
/// </summary>
[MemoryDiagnoser]
public class RequestMetricsBenchmarks
{
    private IHost _host = null!;
    private HttpMetrics _metrics = null!;
    private DefaultHttpContext _core = null!;
    private DefaultHttpContext _plugin = null!;

    [GlobalSetup]
    public void Setup()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.AddMetrics();
        _host = builder.Build();
        _host.Start();
        _metrics = _host.Services.GetRequiredService<HttpMetrics>();
        _core = Context("/api/v1/collections/{name}/records/{id}");
        _plugin = Context("/api/v1/plugins/demo/{id}", new PluginEndpointMetadata("demo"));
    }

    [GlobalCleanup]
    public void Cleanup() => _host.Dispose();

    [Benchmark(Description = "core endpoint")]
    public void CoreEndpoint()
    {
        _metrics.RequestStarted();
        _metrics.RequestFinished(_core, TimeSpan.FromMilliseconds(1.5), failed: false);
    }

    [Benchmark(Description = "plugin endpoint")]
    public void PluginEndpoint()
    {
        _metrics.RequestStarted();
        _metrics.RequestFinished(_plugin, TimeSpan.FromMilliseconds(1.5), failed: false);
    }

    private static DefaultHttpContext Context(string template, params object[] metadata)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Get;
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.SetEndpoint(new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse(template), 0, new EndpointMetadataCollection(metadata), template));
        return context;
    }
}
