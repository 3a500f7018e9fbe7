using System.Diagnostics;
using System.Diagnostics.Metrics;
using FastCms.Kernel;
using FastCms.PluginHost;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;

namespace FastCms.Metrics;

/// <summary>
/// Request instruments of one server instance. They come from the host's <see cref="IMeterFactory"/>, so that
/// several servers in one process (as in tests) each export only their own traffic.
/// </summary>
internal sealed class HttpMetrics
{
    /// <summary>The <c>route</c> label of requests that matched no endpoint; one value whatever the path.</summary>
    public const string UnmatchedRoute = "unmatched";

    /// <summary>The <c>route</c> label of requests for static files (the admin UI's assets, the favicon), which match no endpoint either.</summary>
    public const string StaticRoute = "static";

    /// <summary>The <c>method</c> label of requests with a method outside the standard set.</summary>
    public const string OtherMethod = "_OTHER";

    public const string RequestsName = "fastcms_http_requests_total";

    public const string DurationName = "fastcms_http_request_duration_seconds";

    public const string ErrorsName = "fastcms_http_errors_total";

    private static readonly string[] StatusLabels = [.. Enumerable.Range(0, 1000).Select(status => status.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    private static readonly HashSet<string> KnownMethods = new(StringComparer.Ordinal)
    {
        "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT",
    };

    private static readonly object StaticFileKey = new();

    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _errors;
    private readonly UpDownCounter<long> _inFlight;
    private readonly Counter<long> _pluginRequests;

    public HttpMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(FastCmsMeter.Name);
        _requests = meter.CreateCounter<long>(
            RequestsName, description: "HTTP requests handled, per method, route template and status.");
        _duration = meter.CreateHistogram(
            DurationName, "s", "Time from receiving a request to the end of its handling, per method and route template.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = FastCmsMeter.LatencyBuckets });
        _errors = meter.CreateCounter<long>(
            ErrorsName, description: "HTTP requests answered with a 5xx status, per method, route template and status.");
        _inFlight = meter.CreateUpDownCounter<long>(
            "fastcms_http_requests_in_flight", description: "HTTP requests being handled right now.");
        _pluginRequests = meter.CreateCounter<long>(
            "fastcms_plugin_requests_total", description: "HTTP requests handled by plugin endpoints, per plugin and status.");
        meter.CreateObservableGauge(
            "fastcms_uptime_seconds", () => Uptime.TotalSeconds, "s", "Time since this server instance started.");
    }

    public TimeSpan Uptime => Stopwatch.GetElapsedTime(_started);

    public void RequestStarted() => _inFlight.Add(1);

    /// <summary>Counts the request under <see cref="StaticRoute"/> when no endpoint handles it.</summary>
    public static void MarkStaticFile(HttpContext context) => context.Items[StaticFileKey] = true;

    /// <summary>Records a finished request: its route template (never the raw path), method, status and duration.</summary>
    public void RequestFinished(HttpContext context, TimeSpan duration, bool failed)
    {
        _inFlight.Add(-1);

        // The exception handler clears the endpoint before writing the error response; it keeps it in its feature.
        var endpoint = context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
        var route = endpoint is null && context.Items.ContainsKey(StaticFileKey) ? StaticRoute : RouteOf(endpoint);
        var method = KnownMethods.TryGetValue(context.Request.Method, out var known) ? known : OtherMethod;
        var statusCode = failed && !context.Response.HasStarted ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
        var status = statusCode is >= 0 and < 1000 ? StatusLabels[statusCode] : "other";

        var tags = new TagList { { "method", method }, { "route", route }, { "status", status } };
        _requests.Add(1, tags);
        _duration.Record(duration.TotalSeconds, new TagList { { "method", method }, { "route", route } });
        if (statusCode >= 500)
        {
            _errors.Add(1, tags);
        }

        if (endpoint?.Metadata.GetMetadata<PluginEndpointMetadata>() is { } plugin)
        {
            _pluginRequests.Add(1, new TagList { { "plugin", plugin.PluginId }, { "status", status } });
        }
    }

    private static string RouteOf(Endpoint? endpoint) => endpoint switch
    {
        null => UnmatchedRoute,
        RouteEndpoint { RoutePattern.RawText: { } template } => template,
        _ => endpoint.Metadata.GetMetadata<IRouteDiagnosticsMetadata>()?.Route ?? UnmatchedRoute,
    };
}
