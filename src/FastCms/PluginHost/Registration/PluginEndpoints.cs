using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.Extensions.Primitives;

namespace FastCms.PluginHost.Registration;

/// <summary>
/// The endpoints of every active plugin, as one data source mounted once in the app. Plugins are added (and
/// can later be removed) while the app runs; routing picks the change up through the change token, and once startup
/// is over the API description (OpenAPI) through <see cref="GetDescriptionChangeToken"/>.
/// </summary>
internal sealed class PluginEndpoints : EndpointDataSource
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, IReadOnlyList<EndpointDataSource>> _sources = new(StringComparer.Ordinal);
    private CancellationTokenSource _changed = new();
    private CancellationTokenSource _described = new();
    private bool _runtime;
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

    /// <summary>Fires on changes after <see cref="StartupComplete"/>: enabling or disabling a plugin while the app runs.</summary>
    public IChangeToken GetDescriptionChangeToken()
    {
        lock (_gate)
        {
            return new CancellationChangeToken(_described.Token);
        }
    }

    /// <summary>
    /// Every plugin registered at startup is in. Changes before are not announced to the API description, which is
    /// built on first use anyway: each announcement rebuilds all of the app's action descriptors (milliseconds each).
    /// </summary>
    public void StartupComplete()
    {
        lock (_gate)
        {
            _runtime = true;
        }
    }

    public void Add(string pluginId, IReadOnlyList<EndpointDataSource> sources) => Update(() => _sources[pluginId] = sources);

    public void Remove(string pluginId) => Update(() => _sources.Remove(pluginId));

    private void Update(Action change)
    {
        CancellationTokenSource previous;
        CancellationTokenSource? described = null;
        lock (_gate)
        {
            change();
            _endpoints = null;
            previous = _changed;
            _changed = new CancellationTokenSource();
            if (_runtime)
            {
                described = _described;
                _described = new CancellationTokenSource();
            }
        }

        previous.Cancel();
        described?.Cancel();
    }
}

/// <summary>
/// Tells the API explorer (and so the OpenAPI document, which it caches per version of the action descriptors) that
/// the plugins' endpoints changed, so that a plugin enabled or disabled at runtime appears in or leaves the document.
/// </summary>
internal sealed class PluginEndpointsChangeProvider(PluginEndpoints endpoints) : IActionDescriptorChangeProvider
{
    public IChangeToken GetChangeToken() => endpoints.GetDescriptionChangeToken();
}
