using FastCms.Data;
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
        services.AddSingleton<PostgresRelay>();
        services.AddHostedService(sp => new RelayHost(sp));
        return builder;
    }
}

/// <summary>Starts the PostgreSQL relay when <see cref="RealtimeOptions.Cluster"/> asks for it (by default: on PostgreSQL).</summary>
internal sealed class RelayHost(IServiceProvider services) : IHostedService
{
    private PostgresRelay? _relay;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var cluster = services.GetRequiredService<IOptions<RealtimeOptions>>().Value.Cluster;
        var postgres = services.GetRequiredService<Database>().Provider == DatabaseProvider.Postgres;
        if (cluster == true && !postgres)
        {
            throw new InvalidOperationException($"{RealtimeOptions.Section}:Cluster needs PostgreSQL; a SQLite database serves one instance.");
        }

        if (cluster ?? postgres)
        {
            _relay = services.GetRequiredService<PostgresRelay>();
            return _relay.StartAsync(cancellationToken);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _relay?.StopAsync(cancellationToken) ?? Task.CompletedTask;
}
