using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace FastCms.Metrics;

/// <summary>Measures every request; first in the pipeline, so that error responses and their time are included.</summary>
internal static class RequestMetrics
{
    public static WebApplication UseRequestMetrics(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value.Enabled)
        {
            return app;
        }

        var metrics = app.Services.GetRequiredService<HttpMetrics>();
        app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            var failed = true;
            metrics.RequestStarted();
            try
            {
                await next(context);
                failed = false;
            }
            finally
            {
                metrics.RequestFinished(context, Stopwatch.GetElapsedTime(started), failed);
            }
        });
        return app;
    }
}
