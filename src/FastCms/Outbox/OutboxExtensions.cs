using Microsoft.Extensions.Options;

namespace FastCms.Outbox;

internal static class OutboxExtensions
{
    /// <summary>The transactional outbox: its writer (used by record and collection writes), store, dispatcher and durable handlers.</summary>
    public static IServiceCollection AddOutbox(this IServiceCollection services)
    {
        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OutboxOptions>, OutboxOptionsValidator>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxStore>();
        services.AddSingleton<OutboxFanOut>();
        services.AddSingleton<OutboxWriter>();
        services.AddSingleton<DurableHandlers>();
        services.AddSingleton<IOutboxConsumer>(sp => sp.GetRequiredService<DurableHandlers>());
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        return services;
    }
}
