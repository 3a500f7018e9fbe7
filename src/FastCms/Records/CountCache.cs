using System.Collections.Concurrent;

namespace FastCms.Records;

/// <summary>
/// Remembers the totals of list queries, so that paging through a large filtered list does not count every matching
/// row again on each request. An entry is keyed by collection, schema version, WHERE text and parameter values, and is
/// valid while no write to that collection committed on this instance since it was counted, and for at most
/// <see cref="Lifetime"/> (which bounds staleness after writes by other instances or outside FastCMS). Conditions that
/// read other tables (dotted paths through relations) are never cached: writes elsewhere could change them.
/// </summary>
internal sealed class CountCache
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(1);

    private const int MaxEntries = 4096;

    private readonly ConcurrentDictionary<string, long> _generations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The write generation of a collection; read it before counting.</summary>
    public long Generation(string collectionId) => _generations.TryGetValue(collectionId, out var generation) ? generation : 0;

    /// <summary>Called when a write to the collection commits.</summary>
    public void Bump(string collectionId) => _generations.AddOrUpdate(collectionId, 1, static (_, g) => g + 1);

    public bool TryGet(string collectionId, string key, out long count)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.Generation == Generation(collectionId)
            && Environment.TickCount64 - entry.CountedAt < (long)Lifetime.TotalMilliseconds)
        {
            count = entry.Count;
            return true;
        }

        count = 0;
        return false;
    }

    public void Set(string key, long generation, long count)
    {
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[key] = new Entry(generation, count, Environment.TickCount64);
    }

    private sealed record Entry(long Generation, long Count, long CountedAt);
}
