using FastCms.Outbox;
using Microsoft.Extensions.Options;

namespace FastCms.Webhooks;

internal static class WebhooksExtensions
{
    /// <summary>The transactional outbox with its two consumers: webhooks (configured by admins) and durable plugin handlers.</summary>
    public static IHostApplicationBuilder AddWebhooks(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOutbox();
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>();
        services.AddSingleton<WebhookConnector>();
        services.AddSingleton<WebhookStore>();
        services.AddSingleton<WebhookFilters>();
        services.AddSingleton<WebhookConsumer>();
        services.AddSingleton<IOutboxConsumer>(sp => sp.GetRequiredService<WebhookConsumer>());
        services.AddSingleton<WebhookService>();
        services.AddSingleton<DeliveryLog>();
        services.AddHostedService<WebhookSync>();
        return builder;
    }
}

/// <summary>
/// Keeps the "is any webhook enabled?" flag current: read once at start, and on PostgreSQL, where other instances may
/// change webhooks, re-read at the interval plugin settings and states are re-read at.
/// </summary>
internal sealed class WebhookSync(WebhookConsumer consumer, ILogger<WebhookSync> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        do
        {
            try
            {
                await consumer.RefreshAsync(stoppingToken);
                if (!consumer.IsShared)
                {
                    return;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not read the enabled webhooks from the database");
            }

            await Task.Delay(Interval, stoppingToken);
        }
        while (!stoppingToken.IsCancellationRequested);
    }
}
