using FastCms.Data;
using FastCms.Events;
using FastCms.Jobs;
using FastCms.PluginHost.AdminPages;
using FastCms.PluginHost.Data;
using FastCms.PluginHost.Lifecycle;
using FastCms.PluginHost.Loading;
using FastCms.PluginHost.Registration;
using FastCms.PluginHost.Settings;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FastCms.PluginHost;

internal static class PluginHostExtensions
{
    public static IHostApplicationBuilder AddPlugins(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<PluginHostOptions>().BindConfiguration(PluginHostOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PluginHostOptions>, PluginHostOptionsValidator>();
        services.AddSingleton<PluginCatalog>();
        services.AddSingleton<PluginCompiler>();
        services.AddSingleton<PluginEndpoints>();
        services.AddSingleton<PluginRoutePrefixes>();
        services.AddSingleton<PluginSettingsStore>();
        services.AddSingleton<PluginTemplates>();
        services.AddSingleton<PluginLoader>();
        services.AddSingleton<PluginBuilder>();
        services.AddSingleton<PluginActivator>();
        services.AddSingleton<PluginLifecycle>();
        services.AddSingleton<PluginStateStore>();
        services.AddSingleton<PluginDatabases>();
        services.AddSingleton<PluginSchemaStore>();
        services.AddSingleton<PluginSchemaUpkeep>();
        services.TryAddEnumerable(ServiceDescriptor.Transient<IApiDescriptionProvider, PluginContextApiDescriptions>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IActionDescriptorChangeProvider, PluginEndpointsChangeProvider>());
        services.AddHostedService<PluginSync>();
        services.AddSingleton<PluginReloader>();
        services.AddHostedService<PluginWatcher>();
        services.AddSingleton(sp => new PluginHostServices(
            sp,
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            sp.GetRequiredService<Events.HookRegistry>(),
            sp.GetRequiredService<AdminShell.AdminPageRegistry>(),
            sp.GetRequiredService<PluginEndpoints>(),
            sp.GetRequiredService<PluginRoutePrefixes>(),
            sp.GetRequiredService<PluginSettingsStore>(),
            sp.GetRequiredService<PluginDatabases>(),
            sp.GetRequiredService<PluginSchemaUpkeep>(),
            sp.GetRequiredService<JobScheduler>()));
        return builder;
    }

    /// <summary>Mounts the plugins' endpoints (filled in at startup) and the admin plugin API.</summary>
    public static WebApplication MapPlugins(this WebApplication app)
    {
        ((IEndpointRouteBuilder)app).DataSources.Add(app.Services.GetRequiredService<PluginEndpoints>());
        app.MapAdminPluginsApi();
        app.MapPluginStaticFiles();
        return app;
    }
}
