namespace FastCms.Events;

internal static class EventsExtensions
{
    /// <summary>The event bus: hook registry, before-hook runner and the after-commit delivery queue.</summary>
    public static IHostApplicationBuilder AddEvents(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<HookRegistry>();
        services.AddSingleton<BeforeHookRunner>();
        services.AddSingleton<EventQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<EventQueue>());
        return builder;
    }
}
