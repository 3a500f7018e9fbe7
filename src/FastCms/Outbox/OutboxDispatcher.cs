using FastCms.Data;
using Microsoft.Extensions.Options;

namespace FastCms.Outbox;

/// <summary>
/// Delivers outbox events after commit: takes new events, makes the first attempt of each delivery and records it (see
/// <see cref="OutboxFanOut"/>), then makes the due deliveries, retrying failures with exponential backoff and jitter
/// until the last attempt dead-letters them.
/// Every step is a short transaction, so a restart (or a crash) resumes where the database says; retries are stored
/// times, not timers. Woken by commits on this instance and polling for the rest.
/// </summary>
internal sealed class OutboxDispatcher(
    OutboxStore store,
    OutboxFanOut fanOut,
    IEnumerable<IOutboxConsumer> consumers,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan MaintenanceInterval = TimeSpan.FromSeconds(5);
    private readonly IOutboxConsumer[] _consumers = [.. consumers];
    private DateTimeOffset _nextMaintenance;
    private DateTimeOffset _nextPrune;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(settings, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Outbox dispatch failed; retrying at the next poll");
            }

            try
            {
                // After a wake-up, wait a moment so that the commits of a busy server are taken in batches, not one by one.
                if (await signal.WaitAsync(settings.PollInterval, stoppingToken))
                {
                    await Task.Delay(settings.BatchWindow, stoppingToken);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Fans out every new event and makes every due delivery; then, now and then, prunes and measures.</summary>
    internal async Task RunOnceAsync(OutboxOptions settings, CancellationToken cancellationToken)
    {
        var (newEvents, dueDeliveries) = await store.PeekAsync(clock.GetUtcNow(), cancellationToken);
        while (newEvents)
        {
            var batch = await fanOut.RunAsync(_consumers, settings.BatchSize, clock, taken => AttemptAllAsync(taken, settings, cancellationToken), cancellationToken);
            dueDeliveries |= batch.Deliveries > batch.Attempted;
            newEvents = batch.Events == settings.BatchSize;
        }

        if (dueDeliveries)
        {
            while (await store.ClaimAsync(_consumers, settings.BatchSize, clock.GetUtcNow(), settings.Lease, cancellationToken) is { Count: > 0 } claimed)
            {
                // Stored even when stopping: the attempts happened, and the next owner must not repeat them for nothing.
                await store.CompleteAsync(await AttemptAllAsync(claimed, settings, cancellationToken), CancellationToken.None);
            }
        }

        var now = clock.GetUtcNow();
        if (now >= _nextMaintenance)
        {
            _nextMaintenance = now + MaintenanceInterval;
            var (depth, oldest) = await store.DepthAsync(cancellationToken);
            OutboxMetrics.SetDepth(depth, oldest is { } at ? now - at : TimeSpan.Zero);
        }

        if (now >= _nextPrune)
        {
            _nextPrune = now + TimeSpan.FromTicks(Math.Min(settings.Retention.Ticks, TimeSpan.FromHours(1).Ticks));
            var removed = await store.PruneAsync(now - settings.Retention, cancellationToken);
            if (removed > 0)
            {
                logger.LogInformation("Pruned {Count} outbox rows older than {Retention}", removed, settings.Retention);
            }
        }
    }

    private async Task<DeliveryOutcome[]> AttemptAllAsync(List<OutboxDelivery> deliveries, OutboxOptions settings, CancellationToken cancellationToken)
    {
        // Outside any write on this call path (on PostgreSQL the fan-out's transaction is still open): a handler's own
        // writes are writes of their own, as an after-hook's are.
        DbSession.Ambient.Value = null;
        return deliveries.Count == 0 ? [] : await Task.WhenAll(deliveries.Select(d => DeliverAsync(d, settings, cancellationToken)));
    }

    private async Task<DeliveryOutcome> DeliverAsync(OutboxDelivery delivery, OutboxOptions settings, CancellationToken cancellationToken)
    {
        var consumer = _consumers.First(c => delivery.Consumer.StartsWith(c.Prefix, StringComparison.Ordinal));
        DeliveryResult result;
        try
        {
            result = await consumer.DeliverAsync(delivery, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            result = new DeliveryResult(false, Error: e.Message);
        }

        DateTimeOffset? retryAt = result.Succeeded || delivery.Attempt >= settings.MaxAttempts
            ? null
            : clock.GetUtcNow() + Backoff(delivery.Attempt, settings);
        OutboxMetrics.Attempted(consumer.Prefix, delivery, result, retryAt);
        if (!result.Succeeded)
        {
            logger.LogWarning("Delivery of {EventId} to {Consumer} failed on attempt {Attempt}: {Error}{Outcome}",
                delivery.Event.Id, delivery.Consumer, delivery.Attempt, result.Error ?? $"status {result.ResponseCode}", retryAt is null ? " (dead-lettered)" : "");
        }

        return new DeliveryOutcome(delivery, result, retryAt);
    }

    /// <summary>The wait before attempt <paramref name="failedAttempt"/> + 1: doubling from the initial delay, capped, ±20 % jitter.</summary>
    internal static TimeSpan Backoff(int failedAttempt, OutboxOptions settings)
    {
        var exponential = settings.RetryInitialDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failedAttempt - 1, 30));
        var capped = Math.Min(exponential, settings.RetryMaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.8 + (Random.Shared.NextDouble() * 0.4)));
    }
}
