using System.Collections.Concurrent;
using FastCms.Users;

namespace FastCms.Auth;

/// <summary>
/// Knows each user's current token version so that access tokens die with logout-all, a password change, a
/// role change or deletion. Entries live a few seconds; this instance's own changes apply at once, other
/// instances' within <see cref="Lifetime"/>.
/// </summary>
internal sealed class TokenVersionCache(UserStore users, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (long Version, DateTimeOffset Expires)> _entries = new(StringComparer.Ordinal);

    public async ValueTask<bool> IsCurrentAsync(string userId, long version, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (!_entries.TryGetValue(userId, out var entry) || entry.Expires <= now)
        {
            entry = (await users.GetTokenVersionAsync(userId, cancellationToken), now + Lifetime);
            _entries[userId] = entry;
        }

        return entry.Version == version;
    }

    /// <summary>Raised after a user's token version changed on this instance (streams opened with the old tokens end).</summary>
    public event Action<string>? Invalidated;

    public void Invalidate(string userId)
    {
        _entries.TryRemove(userId, out _);
        Invalidated?.Invoke(userId);
    }
}
