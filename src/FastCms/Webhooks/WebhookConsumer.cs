using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using FastCms.Data;
using FastCms.Outbox;
using FastCms.Records;
using FastCms.Records.Query;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace FastCms.Webhooks;

/// <summary>
/// Webhooks as an outbox consumer: decides which webhooks an event goes to, and sends one signed attempt. Retries over
/// hours are the outbox's (stored next-attempt times survive restarts); Polly bounds each attempt with a timeout.
/// </summary>
internal sealed class WebhookConsumer(
    Database database,
    WebhookStore store,
    WebhookConnector connector,
    WebhookFilters filters,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookConsumer> logger) : IOutboxConsumer, IRecordEventConsumer
{
    /// <summary>Characters of a receiver's answer kept in the delivery log.</summary>
    public const int ResponseBodyLimit = 1024;

    // Made at the first delivery, like the HTTP client: a server without webhooks does not load Polly.
    private ResiliencePipeline? _attempt;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _endpoints = new(StringComparer.Ordinal);

    // Unknown until the first read: until then every write goes to the outbox, so none is lost while starting.
    private EnabledWebhook[]? _enabled;

    public string Prefix => Webhook.Prefix;

    public bool Wants(string type, string collection)
    {
        if (Volatile.Read(ref _enabled) is not { } enabled)
        {
            return true;
        }

        foreach (var webhook in enabled)
        {
            if (webhook.Target.Matches(type, collection))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a webhook may take the event by its filter, decided in memory from the written record as the dispatcher
    /// would decide it later; unsure (not loaded yet, a filter only the database can decide, or one the schema no longer
    /// accepts) counts as yes.
    /// </summary>
    public bool MayTake(string type, RecordView record, DateTimeOffset at)
    {
        if (Volatile.Read(ref _enabled) is not { } enabled)
        {
            return true;
        }

        foreach (var webhook in enabled)
        {
            if (webhook.Target.Matches(type, record.Collection.Name) && webhook.MayTake(type, record, at))
            {
                return true;
            }
        }

        return false;
    }

    public IReadOnlyCollection<string>? DeliverableKeys => null;

    /// <summary>Re-reads which webhooks are enabled and what they follow (after a change here, and periodically for changes made elsewhere).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var lease = await database.LeaseAsync(cancellationToken);
        var targets = await store.TargetsAsync(lease, cancellationToken);
        Volatile.Write(ref _enabled, [.. targets.Select(target => new EnabledWebhook(target, target.Filter is { } text ? TryParse(text) : null))]);
    }

    private FilterNode? TryParse(string filter)
    {
        try
        {
            return FilterParser.Parse(filter);
        }
        catch (FilterException e)
        {
            logger.LogDebug("A webhook filter no longer parses ({Error}); the dispatcher decides its events", e.Message);
            return null;
        }
    }

    public async Task<Func<OutboxEvent, IEnumerable<string>>> MatcherAsync(DbLease lease, IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken)
    {
        var targets = await store.TargetsAsync(lease, cancellationToken);
        var filtered = targets.Where(t => t.Filter is not null).ToList();
        var refused = filtered.Count == 0 ? null : await filters.RefusedAsync(filtered, events, cancellationToken);
        return e => targets.Where(w => w.Matches(e.Type, e.Collection) && refused?.Contains((e.Id, w.Id)) != true).Select(w => w.ConsumerKey);
    }

    public async Task<DeliveryResult> DeliverAsync(OutboxDelivery delivery, CancellationToken cancellationToken)
    {
        var webhook = await store.GetAsync(delivery.Consumer[Prefix.Length..], cancellationToken);
        if (webhook is null || !webhook.Enabled)
        {
            return new DeliveryResult(false, Error: webhook is null ? "The webhook was deleted." : "The webhook is disabled.");
        }

        var gate = _endpoints.GetOrAdd(webhook.Id, _ => new SemaphoreSlim(options.Value.MaxConcurrencyPerEndpoint));
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await SendAsync(webhook, delivery.Event, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<DeliveryResult> SendAsync(Webhook webhook, OutboxEvent @event, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var timestamp = now.ToUnixTimeSeconds();
        var started = Stopwatch.GetTimestamp();
        try
        {
            var attempt = LazyInitializer.EnsureInitialized(ref _attempt, () => new ResiliencePipelineBuilder().AddTimeout(options.Value.Timeout).Build());
            return await attempt.ExecuteAsync(async ct =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url)
                {
                    Content = new StringContent(@event.Payload, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
                };
                request.Headers.Add("webhook-id", @event.Id);
                request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
                request.Headers.Add("webhook-signature", WebhookSignature.Sign(@event.Id, timestamp, @event.Payload, webhook.SigningSecrets(now)));
                using var response = await connector.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
                var body = await ReadLimitedAsync(response, ct);
                var code = (int)response.StatusCode;
                var latency = Stopwatch.GetElapsedTime(started);
                return response.IsSuccessStatusCode
                    ? new DeliveryResult(true, code, body, Latency: latency)
                    : new DeliveryResult(false, code, body, code is >= 300 and < 400
                        ? $"Redirects are not followed (Location: {response.Headers.Location})."
                        : $"The receiver answered {code}.", latency);
            }, cancellationToken);
        }
        catch (TimeoutRejectedException)
        {
            return new DeliveryResult(false, Error: $"No answer within {options.Value.Timeout}.", Latency: Stopwatch.GetElapsedTime(started));
        }
        catch (HttpRequestException e)
        {
            var refused = e.InnerException as AddressRefusedException;
            return new DeliveryResult(false, Error: refused?.Message ?? e.Message, Latency: Stopwatch.GetElapsedTime(started));
        }
    }

    private static async Task<string> ReadLimitedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var buffer = new char[ResponseBodyLimit];
        var read = await reader.ReadBlockAsync(buffer, cancellationToken);
        return new string(buffer, 0, read);
    }

    /// <summary>Whether the database is shared with other instances, whose webhook changes must be polled for.</summary>
    public bool IsShared => database.Provider == DatabaseProvider.Postgres;
}

/// <summary>An enabled webhook as the write path sees it, its filter parsed once per refresh.</summary>
internal sealed record EnabledWebhook(WebhookTarget Target, FilterNode? Filter)
{
    public bool MayTake(string type, RecordView record, DateTimeOffset at)
    {
        if (Target.Filter is null || Filter is null)
        {
            return true;
        }

        try
        {
            return WebhookFilter.AppliesTo(type) && WebhookFilter.Decide(Filter, record, at) != false;
        }
        catch (FilterException)
        {
            // The schema changed under the filter: the dispatcher skips such an event with a warning naming it.
            return true;
        }
    }
}
