using FastCms.AdminShell;
using FastCms.Auth;
using Microsoft.Extensions.Options;

namespace FastCms.Realtime;

/// <summary>
/// The realtime streams' clock: heartbeats, idle and lifetime limits, forgetting clients past the resume window, and
/// ending the streams of identities whose tokens were revoked (logout-all, password or role change, deletion) or whose
/// admin UI session signed out — at once for changes made on this instance, within
/// <see cref="RealtimeOptions.RevalidateSeconds"/> for other instances'.
/// </summary>
internal sealed class Housekeeping(
    ClientRegistry clients, TokenVersionCache tokens, AdminSessionStore sessions, IOptions<RealtimeOptions> options, TimeProvider clock,
    ILogger<Housekeeping> logger) : BackgroundService
{
    private readonly HashSet<string> _revoked = new(StringComparer.Ordinal);
    private readonly HashSet<string> _signedOut = new(StringComparer.Ordinal);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        tokens.Invalidated += OnInvalidated;
        sessions.Revoked += OnSignedOut;
        return base.StartAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        tokens.Invalidated -= OnInvalidated;
        sessions.Revoked -= OnSignedOut;
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
            var revoked = Take(_revoked);
            var signedOut = Take(_signedOut);
            var all = now - lastRevalidation >= settings.Revalidate;
            lastRevalidation = all ? now : lastRevalidation;
            if (all || revoked.Length > 0 || signedOut.Length > 0)
            {
                await RevalidateAsync(all ? null : revoked, all ? null : signedOut, stoppingToken);
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

    private static string[] Take(HashSet<string> pending)
    {
        lock (pending)
        {
            string[] taken = [.. pending];
            pending.Clear();
            return taken;
        }
    }

    private void OnInvalidated(string userId)
    {
        lock (_revoked)
        {
            _revoked.Add(userId);
        }
    }

    private void OnSignedOut(string sessionId)
    {
        lock (_signedOut)
        {
            _signedOut.Add(sessionId);
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

    /// <summary>
    /// Checks the clients of <paramref name="users"/> and of the admin sessions in <paramref name="signedOut"/> (every
    /// signed-in client when both are <c>null</c>) and closes those whose token version moved on or whose session ended.
    /// </summary>
    private async Task RevalidateAsync(string[]? users, string[]? signedOut, CancellationToken cancellationToken)
    {
        foreach (var client in clients.Clients)
        {
            var identity = client.Subscriptions.Identity;
            if (identity.UserId is not { } userId || !Selected(identity, users, signedOut))
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
                else if (identity.AdminSessionId is { } sessionId && !await sessions.IsActiveAsync(sessionId, userId, identity.TokenVersion, cancellationToken))
                {
                    logger.LogInformation("Realtime client {ClientId} closed: the admin session of its user {UserId} signed out", client.Id, userId);
                    clients.Remove(client);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not check the token version or session of user {UserId} for realtime", userId);
            }
        }
    }

    private static bool Selected(RealtimeIdentity identity, string[]? users, string[]? signedOut) =>
        (users is null && signedOut is null)
        || (users?.Contains(identity.UserId, StringComparer.Ordinal) ?? false)
        || (identity.AdminSessionId is { } session && (signedOut?.Contains(session, StringComparer.Ordinal) ?? false));
}
