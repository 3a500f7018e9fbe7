using System.Text.Json;
using FastCms.PluginHost;
using Microsoft.AspNetCore.Diagnostics;

namespace FastCms.Startup;

/// <summary>
/// Every error leaves as RFC 7807 problem details carrying the request id (also sent as <c>X-Request-Id</c>),
/// so a user can quote it and an operator can find the log line. Unexpected exceptions never show internals.
/// </summary>
internal static class ErrorHandling
{
    public const string RequestIdHeader = "X-Request-Id";

    public static IHostApplicationBuilder AddErrorHandling(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions["request_id"] = context.HttpContext.TraceIdentifier;
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
        });
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.AddExceptionHandler<UnexpectedExceptionHandler>();
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return builder;
    }

    public static WebApplication UseErrorHandling(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var http = (HttpContext)state;
                http.Response.Headers[RequestIdHeader] = http.TraceIdentifier;
                return Task.CompletedTask;
            }, context);
            return next(context);
        });
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}

/// <summary>
/// Malformed requests (bad JSON, missing body, wrong parameter types) become 400 with the reason; the server's own
/// limits keep their status (a body over its size limit is 413); the title is left to the problem details defaults, so
/// it names that status as every other problem of the same status does.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        var detail = badRequest.InnerException is JsonException json
            ? $"The request body is not valid JSON: {json.Message}"
            : badRequest.Message;
        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = { Status = badRequest.StatusCode, Detail = detail },
            Exception = exception,
        });
    }
}

internal sealed class UnexpectedExceptionHandler(IProblemDetailsService problems, ILogger<UnexpectedExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            httpContext.Response.StatusCode = 499;
            return true;
        }

        var pluginId = httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint?.Metadata.GetMetadata<PluginEndpointMetadata>()?.PluginId;
        if (pluginId is null)
        {
            logger.LogError(exception, "Unhandled exception for {Method} {Path} (request {RequestId})",
                httpContext.Request.Method, httpContext.Request.Path, httpContext.TraceIdentifier);
        }
        else
        {
            logger.LogError(exception, "Plugin {PluginId} failed on {Method} {Path} (request {RequestId})",
                pluginId, httpContext.Request.Method, httpContext.Request.Path, httpContext.TraceIdentifier);
        }

        httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails =
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "Internal Server Error",
                Detail = pluginId is null
                    ? "An unexpected error occurred. The request id identifies it in the server log."
                    : $"The plugin '{pluginId}' failed to handle this request. The request id identifies it in the server log.",
            },
        });
    }
}
