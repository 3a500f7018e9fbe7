using FastCms.Data;
using FastCms.Plugins.Data;
using Microsoft.AspNetCore.Mvc.ApiExplorer;

namespace FastCms.Events;

/// <summary>
/// The host's services plus the active plugins' database contexts, which cannot be registered in the container
/// (it is built before plugins load). Plugin routes are built and run with it, and hook scripts and jobs get one per
/// run, so a handler can take its context as a parameter. Contexts it creates are disposed with it (returned to their pool),
/// unless the handler disposed them first.
/// </summary>
internal sealed class PluginServiceProvider(IServiceProvider inner, PluginDatabases databases)
    : IServiceProvider, IKeyedServiceProvider, IServiceProviderIsService, IServiceProviderIsKeyedService, IAsyncDisposable
{
    private readonly Lock _gate = new();
    private List<(PluginDbContext Context, int Lease)>? _created;

    public object? GetService(Type serviceType)
    {
        if (serviceType == typeof(IServiceProviderIsService) || serviceType == typeof(IServiceProviderIsKeyedService))
        {
            return this;
        }

        if (databases.Find(serviceType) is not { } binding)
        {
            return inner.GetService(serviceType);
        }

        var context = databases.Create(binding);
        lock (_gate)
        {
            (_created ??= []).Add((context, context.ContextId.Lease));
        }

        return context;
    }

    public object? GetKeyedService(Type serviceType, object? serviceKey) => (inner as IKeyedServiceProvider)?.GetKeyedService(serviceType, serviceKey);

    public object GetRequiredKeyedService(Type serviceType, object? serviceKey) =>
        inner is IKeyedServiceProvider keyed
            ? keyed.GetRequiredKeyedService(serviceType, serviceKey)
            : throw new InvalidOperationException($"No keyed service for type '{serviceType}' has been registered.");

    public bool IsService(Type serviceType) =>
        databases.Find(serviceType) is not null || inner.GetService<IServiceProviderIsService>()?.IsService(serviceType) == true;

    public bool IsKeyedService(Type serviceType, object? serviceKey) =>
        inner.GetService<IServiceProviderIsKeyedService>()?.IsKeyedService(serviceType, serviceKey) == true;

    public async ValueTask DisposeAsync()
    {
        List<(PluginDbContext Context, int Lease)>? created;
        lock (_gate)
        {
            (created, _created) = (_created, null);
        }

        foreach (var (context, lease) in created ?? [])
        {
            // Contexts are pooled: one the handler already disposed may by now be another request's.
            if (context.ContextId.Lease == lease)
            {
                await context.DisposeAsync();
            }
        }
    }
}

/// <summary>
/// API descriptions (and so the OpenAPI document) leave out parameters of plugin database context types: they are
/// services, not request input, but the app's container cannot say so because it never registered them.
/// </summary>
internal sealed class PluginContextApiDescriptions : IApiDescriptionProvider
{
    public int Order => 0;

    public void OnProvidersExecuting(ApiDescriptionProviderContext context)
    {
    }

    public void OnProvidersExecuted(ApiDescriptionProviderContext context)
    {
        foreach (var description in context.Results)
        {
            var parameters = description.ParameterDescriptions;
            for (var i = parameters.Count - 1; i >= 0; i--)
            {
                if (parameters[i].Type is { } type && typeof(PluginDbContext).IsAssignableFrom(type))
                {
                    parameters.RemoveAt(i);
                }
            }
        }
    }
}
