using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace FastCms.Auth;

/// <summary>
/// Slows down password guessing: too many failed logins for one account, or from one client address, within
/// the lockout window lock that account or address for the window. Kept in memory per instance.
/// </summary>
public sealed class LoginThrottle(IOptions<AuthOptions> options, TimeProvider clock)
{
    private const int PruneThreshold = 10_000;
    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);

    /// <summary>How long the caller must wait, or <c>null</c> when the login may be attempted.</summary>
    public TimeSpan? RetryAfter(string email, string? ip)
    {
        var now = clock.GetUtcNow();
        var wait = Remaining(AccountKey(email), now);
        if (ip is not null && Remaining(ClientKey(ip), now) is { } clientWait && (wait is null || clientWait > wait))
        {
            wait = clientWait;
        }

        return wait;
    }

    public void RecordFailure(string email, string? ip)
    {
        var o = options.Value;
        Fail(AccountKey(email), o.MaxFailedLoginsPerAccount);
        if (ip is not null)
        {
            Fail(ClientKey(ip), o.MaxFailedLoginsPerClient);
        }

        if (_counters.Count > PruneThreshold)
        {
            Prune();
        }
    }

    public void RecordSuccess(string email) => _counters.TryRemove(AccountKey(email), out _);

    private TimeSpan? Remaining(string key, DateTimeOffset now) =>
        _counters.TryGetValue(key, out var counter) && counter.LockedUntil is { } until && until > now ? until - now : null;

    private void Fail(string key, int limit)
    {
        var now = clock.GetUtcNow();
        var window = TimeSpan.FromSeconds(options.Value.LockoutSeconds);
        _counters.AddOrUpdate(
            key,
            _ => limit <= 1 ? new Counter(now, 1, now + window) : new Counter(now, 1, null),
            (_, c) =>
            {
                var current = now - c.WindowStart > window && c.LockedUntil is null ? new Counter(now, 0, null) : c;
                if (current.LockedUntil is { } until && until <= now)
                {
                    current = new Counter(now, 0, null);
                }

                var failures = current.Failures + 1;
                return current with { Failures = failures, LockedUntil = failures >= limit ? now + window : current.LockedUntil };
            });
    }

    private void Prune()
    {
        var now = clock.GetUtcNow();
        var window = TimeSpan.FromSeconds(options.Value.LockoutSeconds);
        foreach (var (key, counter) in _counters)
        {
            if ((counter.LockedUntil ?? counter.WindowStart + window) < now)
            {
                _counters.TryRemove(key, out _);
            }
        }
    }

    private static string AccountKey(string email) => "account:" + email;

    private static string ClientKey(string ip) => "client:" + ip;

    private sealed record Counter(DateTimeOffset WindowStart, int Failures, DateTimeOffset? LockedUntil);
}
