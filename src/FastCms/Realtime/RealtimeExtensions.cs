using FastCms.Records;
using Microsoft.Extensions.Options;

namespace FastCms.Realtime;

internal static class RealtimeExtensions
{
    /// <summary>Realtime over Server-Sent Events: the hub behind the record write path, streams, subscriptions and the relay.</summary>
    public static IHostApplicationBuilder AddRealtime(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RealtimeOptions>().BindConfiguration(RealtimeOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RealtimeOptions>, RealtimeOptionsValidator>();
        services.AddSingleton<ClientRegistry>();
        services.AddSingleton<RealtimePlugins>();
        services.AddSingleton<RealtimeMetrics>();
        services.AddSingleton<RecordAuthorizer>();
        services.AddSingleton<MessageRenderer>();
        services.AddSingleton<Fanout>();
        services.AddSingleton<RealtimeHub>();
        services.AddSingleton<IRecordCommitSink>(sp => sp.GetRequiredService<RealtimeHub>());
        services.AddHostedService(sp => sp.GetRequiredService<RealtimeHub>());
        services.AddSingleton<RealtimeStreams>();
        services.AddSingleton<RealtimeSubscriptions>();
        services.AddHostedService<Housekeeping>();
        return builder;
    }
}
