using Microsoft.Extensions.Options;

namespace FastCms.Auth;

/// <summary>
/// Slows down password guessing: too many failed password checks for one account, or from one client address,
/// within the lockout window lock that account or address for the window. Logins and every other endpoint that
/// checks a password (change-password, the email change of <c>PATCH /auth/me</c>, the admin sign-in) share the
/// counters. Kept in memory per instance.
/// </summary>
internal sealed class LoginThrottle(IOptions<AuthOptions> options, TimeProvider clock)
{
    private const int PruneThreshold = 10_000;
    private readonly Dictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>
    /// Counts a password check as failed before it runs, so that concurrent guesses cannot all pass the check
    /// before any of them is counted; <see cref="Succeeded"/> takes the count back. Returns how long the caller
    /// must wait instead, or <c>null</c> when the password may be checked.
    /// </summary>
    public TimeSpan? TryBegin(string email, string? ip)
    {
        var now = clock.GetUtcNow();
        var o = options.Value;
        lock (_gate)
        {
            var account = Current(AccountKey(email), now);
            var client = ip is null ? null : Current(ClientKey(ip), now);
            var wait = Max(Remaining(account, now), Remaining(client, now));
            if (wait is not null)
            {
                return wait;
            }

            _counters[AccountKey(email)] = Fail(account, o.MaxFailedLoginsPerAccount, now);
            if (ip is not null)
            {
                _counters[ClientKey(ip)] = Fail(client, o.MaxFailedLoginsPerClient, now);
            }

            if (_counters.Count > PruneThreshold)
            {
                Prune(now);
            }

            return null;
        }
    }

    /// <summary>The password was right: the account's failures are forgotten and the client's attempt is taken back.</summary>
    public void Succeeded(string email, string? ip)
    {
        lock (_gate)
        {
            _counters.Remove(AccountKey(email));
            if (ip is not null && _counters.TryGetValue(ClientKey(ip), out var client) && client.Failures > 0)
            {
                var failures = client.Failures - 1;
                _counters[ClientKey(ip)] = client with
                {
                    Failures = failures,
                    LockedUntil = failures >= options.Value.MaxFailedLoginsPerClient ? client.LockedUntil : null,
                };
            }
        }
    }

    private Counter? Current(string key, DateTimeOffset now)
    {
        if (!_counters.TryGetValue(key, out var counter))
        {
            return null;
        }

        var window = TimeSpan.FromSeconds(options.Value.LockoutSeconds);
        var expired = counter.LockedUntil is { } until ? until <= now : now - counter.WindowStart > window;
        return expired ? null : counter;
    }

    private Counter Fail(Counter? counter, int limit, DateTimeOffset now)
    {
        var current = counter ?? new Counter(now, 0, null);
        var failures = current.Failures + 1;
        var lockedUntil = failures >= limit ? now + TimeSpan.FromSeconds(options.Value.LockoutSeconds) : current.LockedUntil;
        return current with { Failures = failures, LockedUntil = lockedUntil };
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var key in _counters.Keys.ToList())
        {
            if (Current(key, now) is null)
            {
                _counters.Remove(key);
            }
        }
    }

    private static TimeSpan? Remaining(Counter? counter, DateTimeOffset now) =>
        counter?.LockedUntil is { } until && until > now ? until - now : null;

    private static TimeSpan? Max(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null || a > b ? a : b;

    private static string AccountKey(string email) => "account:" + email;

    private static string ClientKey(string ip) => "client:" + ip;

    private sealed record Counter(DateTimeOffset WindowStart, int Failures, DateTimeOffset? LockedUntil);
}
