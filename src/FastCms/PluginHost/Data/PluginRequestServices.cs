using FastCms.Data;
using FastCms.Events;

namespace FastCms.PluginHost.Data;

internal static class PluginRequestServices
{
    /// <summary>
    /// Requests to plugin endpoints resolve the plugins' database contexts from <c>RequestServices</c>. An endpoint of a
    /// plugin being withdrawn answers 404, like the routes that are gone once the withdrawal is complete.
    /// </summary>
    public static WebApplication UsePluginRequestServices(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var metadata = context.GetEndpoint()?.Metadata;
            if (metadata?.GetMetadata<PluginEndpointMetadata>() is null)
            {
                await next(context);
                return;
            }

            if (metadata.GetMetadata<PluginMount>() is { IsLive: false })
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            var original = context.RequestServices;
            await using var services = new PluginServiceProvider(original, original.GetRequiredService<PluginDatabases>());
            context.RequestServices = services;
            try
            {
                await next(context);
            }
            finally
            {
                context.RequestServices = original;
            }
        });
        return app;
    }
}
