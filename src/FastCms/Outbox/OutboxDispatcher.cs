using Microsoft.Extensions.Options;

namespace FastCms.Outbox;

/// <summary>
/// Delivers outbox events after commit: takes new events and records a delivery per matching consumer target (taking the
/// first batch of them for itself in the same transaction), then makes the due deliveries, retrying failures with exponential backoff and jitter until the last attempt dead-letters them.
/// Every step is a short transaction, so a restart (or a crash) resumes where the database says; retries are stored
/// times, not timers. Woken by commits on this instance and polling for the rest.
/// </summary>
internal sealed class OutboxDispatcher(
    OutboxStore store,
    OutboxClaims claims,
    IEnumerable<IOutboxConsumer> consumers,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    /// <summary>New events taken per transaction; a busy server's events of one batch window fit in one.</summary>
    internal const int EventsPerFanOut = 1000;

    private static readonly TimeSpan MaintenanceInterval = TimeSpan.FromSeconds(5);
    private readonly IOutboxConsumer[] _consumers = [.. consumers];
    private DateTimeOffset _nextMaintenance;
    private DateTimeOffset _nextPrune;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var window = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            var taken = 0;
            try
            {
                taken = await RunOnceAsync(settings, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Outbox dispatch failed; retrying at the next poll");
            }

            window = NextWindow(window, taken, settings);
            try
            {
                // Each round is a write transaction that record writes wait for: while writes flow, wait longer after a
                // wake-up so that one round takes many events; when a round found at most one, the next event goes at once.
                if (await signal.WaitAsync(settings.PollInterval, stoppingToken) && window > TimeSpan.Zero)
                {
                    await Task.Delay(window, stoppingToken);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>The wait after a wake-up: none while idle, from the batch window doubling up to the maximum while events keep coming.</summary>
    internal static TimeSpan NextWindow(TimeSpan current, int taken, OutboxOptions settings) =>
        taken <= 1 ? TimeSpan.Zero
            : current < settings.BatchWindow ? settings.BatchWindow
            : TimeSpan.FromTicks(Math.Min(current.Ticks * 2, settings.MaxBatchWindow.Ticks));

    /// <summary>
    /// Fans out every new event and makes every due delivery; then, now and then, prunes and measures. Returns how many new
    /// events it took.
    /// </summary>
    internal async Task<int> RunOnceAsync(OutboxOptions settings, CancellationToken cancellationToken)
    {
        var (newEvents, dueDeliveries) = await store.PeekAsync(clock.GetUtcNow(), cancellationToken);
        var taken = 0;
        while (newEvents)
        {
            var fanOut = await store.FanOutAsync(_consumers, EventsPerFanOut, settings.BatchSize, clock.GetUtcNow(), settings.Lease, cancellationToken);
            taken += fanOut.Events;
            await DeliverAsync(fanOut.Claimed, settings, cancellationToken);
            dueDeliveries |= fanOut.Deliveries > fanOut.Claimed.Count;
            newEvents = fanOut.Events == EventsPerFanOut;
        }

        if (dueDeliveries)
        {
            while (await claims.ClaimAsync(_consumers, settings.BatchSize, clock.GetUtcNow(), settings.Lease, cancellationToken) is { Count: > 0 } claimed)
            {
                await DeliverAsync(claimed, settings, cancellationToken);
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

        return taken;
    }

    /// <summary>Makes a batch of attempts side by side, then stores their outcomes in one transaction.</summary>
    private async Task DeliverAsync(List<OutboxDelivery> batch, OutboxOptions settings, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var outcomes = await Task.WhenAll(batch.Select(d => AttemptAsync(d, settings, cancellationToken)));

        // Stored even when stopping: the attempts happened, and the next owner must not repeat them for nothing.
        await claims.CompleteAsync(outcomes, CancellationToken.None);
    }

    private async Task<DeliveryOutcome> AttemptAsync(OutboxDelivery delivery, OutboxOptions settings, CancellationToken cancellationToken)
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
