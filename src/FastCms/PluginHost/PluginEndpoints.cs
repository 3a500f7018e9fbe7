using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;

namespace FastCms.PluginHost;

/// <summary>
/// The endpoints of every active plugin, as one data source mounted once in the app. Plugins are added (and
/// can later be removed) while the app runs; routing picks the change up through the change token.
/// </summary>
public sealed class PluginEndpoints : EndpointDataSource
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, IReadOnlyList<EndpointDataSource>> _sources = new(StringComparer.Ordinal);
    private CancellationTokenSource _changed = new();
    private IReadOnlyList<Endpoint>? _endpoints;

    public override IReadOnlyList<Endpoint> Endpoints
    {
        get
        {
            lock (_gate)
            {
                return _endpoints ??= [.. _sources.Values.SelectMany(list => list).SelectMany(source => source.Endpoints)];
            }
        }
    }

    public override IChangeToken GetChangeToken()
    {
        lock (_gate)
        {
            return new CancellationChangeToken(_changed.Token);
        }
    }

    public void Add(string pluginId, IReadOnlyList<EndpointDataSource> sources) => Update(() => _sources[pluginId] = sources);

    public void Remove(string pluginId) => Update(() => _sources.Remove(pluginId));

    private void Update(Action change)
    {
        CancellationTokenSource previous;
        lock (_gate)
        {
            change();
            _endpoints = null;
            previous = _changed;
            _changed = new CancellationTokenSource();
        }

        previous.Cancel();
    }
}

/// <summary>
/// A private route builder for one plugin's registration: its groups collect endpoints here and reach the
/// app only when the registration is committed.
/// </summary>
public sealed class PluginRouteBuilder(IServiceProvider services) : IEndpointRouteBuilder
{
    public IServiceProvider ServiceProvider { get; } = services;

    public ICollection<EndpointDataSource> DataSources { get; } = new List<EndpointDataSource>();

    public IApplicationBuilder CreateApplicationBuilder() => new ApplicationBuilder(ServiceProvider);
}
