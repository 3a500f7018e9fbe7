using FastCms.Auth;
using Microsoft.Extensions.Options;

namespace FastCms.Realtime;

/// <summary>
/// The realtime streams' clock: heartbeats, idle and lifetime limits, forgetting clients past the resume window, and
/// ending the streams of identities whose tokens were revoked (logout-all, password or role change, deletion) — at once
/// for changes made on this instance, within <see cref="RealtimeOptions.RevalidateSeconds"/> for other instances'.
/// </summary>
internal sealed class Housekeeping(
    ClientRegistry clients, TokenVersionCache tokens, IOptions<RealtimeOptions> options, TimeProvider clock, ILogger<Housekeeping> logger) : BackgroundService
{
    private readonly HashSet<string> _revoked = new(StringComparer.Ordinal);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        tokens.Invalidated += OnInvalidated;
        return base.StartAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        tokens.Invalidated -= OnInvalidated;
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var tick = TimeSpan.FromSeconds(Math.Min(1, Math.Min(settings.HeartbeatSeconds, settings.RevalidateSeconds) / 2));
        var lastHeartbeat = clock.GetUtcNow();
        var lastRevalidation = lastHeartbeat;
        using var timer = new PeriodicTimer(tick, clock);
        while (await NextTickAsync(timer, stoppingToken))
        {
            var now = clock.GetUtcNow();
            var heartbeat = now - lastHeartbeat >= settings.Heartbeat;
            lastHeartbeat = heartbeat ? now : lastHeartbeat;
            Sweep(now, heartbeat, settings);
            string[] revoked;
            lock (_revoked)
            {
                revoked = [.. _revoked];
                _revoked.Clear();
            }

            var all = now - lastRevalidation >= settings.Revalidate;
            lastRevalidation = all ? now : lastRevalidation;
            if (all || revoked.Length > 0)
            {
                await RevalidateAsync(all ? null : revoked, stoppingToken);
            }
        }
    }

    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void OnInvalidated(string userId)
    {
        lock (_revoked)
        {
            _revoked.Add(userId);
        }
    }

    private void Sweep(DateTimeOffset now, bool heartbeat, RealtimeOptions settings)
    {
        foreach (var client in clients.Clients)
        {
            if (client.DetachedAt is { } detached)
            {
                if (now - detached > settings.ResumeWindow)
                {
                    clients.Remove(client);
                }

                continue;
            }

            if (!client.Attached)
            {
                continue;
            }

            if (now - client.StreamStarted > settings.MaxLifetime || now - client.LastMessage > settings.IdleTimeout)
            {
                client.EndStream();
            }
            else if (heartbeat)
            {
                client.TryQueue(OutgoingMessage.Heartbeat);
            }
        }
    }

    private async Task RevalidateAsync(string[]? users, CancellationToken cancellationToken)
    {
        foreach (var client in clients.Clients)
        {
            var identity = client.Subscriptions.Identity;
            if (identity.UserId is not { } userId || (users is not null && !users.Contains(userId, StringComparer.Ordinal)))
            {
                continue;
            }

            try
            {
                if (!await tokens.IsCurrentAsync(userId, identity.TokenVersion, cancellationToken))
                {
                    logger.LogInformation("Realtime client {ClientId} closed: the tokens of its user {UserId} were revoked", client.Id, userId);
                    clients.Remove(client);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not check the token version of user {UserId} for realtime", userId);
            }
        }
    }
}
