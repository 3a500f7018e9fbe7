using Microsoft.Extensions.Primitives;

namespace FastCms.Kernel;

/// <summary>
/// Endpoints that join the route table on the first request under one of their path prefixes. Mapping some areas
/// (the admin's Razor Pages, the API reference) loads whole framework stacks that stay resident; a server that is
/// never asked for them should not carry them.
/// </summary>
internal sealed class DeferredEndpoints(IServiceProvider services, PathString[] prefixes, Action<IEndpointRouteBuilder> map)
    : EndpointDataSource
{
    private readonly CancellationTokenSource _mapped = new();
    private readonly Lock _gate = new();
    private volatile EndpointDataSource? _endpoints;

    public override IReadOnlyList<Endpoint> Endpoints => _endpoints?.Endpoints ?? [];

    public override IChangeToken GetChangeToken() =>
        _endpoints?.GetChangeToken() ?? new CancellationChangeToken(_mapped.Token);

    /// <summary>Maps the endpoints if the request is the first for them. Runs before routing, which then sees them.</summary>
    public void Open(HttpContext context)
    {
        if (_endpoints is not null || !IsFor(context.Request.Path))
        {
            return;
        }

        lock (_gate)
        {
            if (_endpoints is null)
            {
                var routes = new PrivateRouteBuilder(services);
                map(routes);
                _endpoints = new CompositeEndpointDataSource(routes.DataSources);
                // Routing rebuilds its route table inside this call; requests arriving meanwhile wait at the lock.
                _mapped.Cancel();
            }
        }
    }

    private bool IsFor(PathString path)
    {
        foreach (var prefix in prefixes)
        {
            if (path.StartsWithSegments(prefix))
            {
                return true;
            }
        }

        return false;
    }
}

internal static class DeferredEndpointsExtensions
{
    /// <summary>Adds endpoints that <paramref name="map"/> maps on the first request under one of <paramref name="prefixes"/>.</summary>
    public static void MapDeferred(this IEndpointRouteBuilder routes, PathString[] prefixes, Action<IEndpointRouteBuilder> map) =>
        routes.DataSources.Add(new DeferredEndpoints(routes.ServiceProvider, prefixes, map));

    /// <summary>Opens deferred endpoints for the requests that need them. Goes right before routing.</summary>
    public static WebApplication UseDeferredEndpoints(this WebApplication app)
    {
        var sources = ((IEndpointRouteBuilder)app).DataSources;
        DeferredEndpoints[]? deferred = null;
        app.Use((context, next) =>
        {
            // The routes are all mapped once requests arrive.
            deferred ??= sources.OfType<DeferredEndpoints>().ToArray();
            foreach (var endpoints in deferred)
            {
                endpoints.Open(context);
            }

            return next(context);
        });
        return app;
    }
}
