using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace FastCms.Realtime;

/// <summary>
/// The clients of this instance by id, and how many streams each client address holds. Clients whose stream went away
/// stay until the resume window passes, so that a reconnect can pick them up.
/// </summary>
internal sealed class ClientRegistry(IOptions<RealtimeOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, RealtimeClient> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _streamsPerAddress = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private RealtimeClient[] _snapshot = [];
    private Dictionary<string, RealtimeClient[]> _byTopic = new(StringComparer.Ordinal);
    private HashSet<string> _subscribedCollections = new(StringComparer.Ordinal);

    /// <summary>
    /// Every client, as an array replaced on each add and remove: the hub walks it for every event, which must neither
    /// lock nor copy (a dictionary's <c>Values</c> does both).
    /// </summary>
    public RealtimeClient[] Clients => Volatile.Read(ref _snapshot);

    public int OpenStreams => _streamsPerAddress.Values.Sum();

    /// <summary>
    /// Whether any client follows <paramref name="collection"/>'s <c>*</c> or the record <paramref name="recordId"/>: the
    /// record write path asks this on every write, so a write nobody follows builds no event at all, however many clients
    /// follow other collections or other records (a create's new id is followed by nobody yet, unless by <c>*</c>).
    /// </summary>
    public bool IsSubscribedTo(string collection, string recordId)
    {
        if (!Volatile.Read(ref _subscribedCollections).Contains(collection))
        {
            return false;
        }

        var index = Volatile.Read(ref _byTopic);
        return index.ContainsKey(collection + "/*") || index.ContainsKey(collection + "/" + recordId);
    }

    public int Subscriptions => Clients.Sum(c => c.Subscriptions.Items.Count);

    public RealtimeClient? Find(string id) => _clients.GetValueOrDefault(id);

    /// <summary>
    /// The clients that may want <paramref name="e"/>: those subscribed to its collection's <c>*</c> or its record's topic
    /// (or, for a plugin message, its topic or its prefix's <c>*</c>), each once. Looked up in an index rebuilt when
    /// subscriptions change, so an event costs nothing for the clients it does not concern.
    /// </summary>
    public IReadOnlyCollection<RealtimeClient> Candidates(RealtimeEvent e)
    {
        var index = Volatile.Read(ref _byTopic);
        var topic = e.Topic ?? "";
        var (all, one) = e.Record is { } commit
            ? (commit.Record.Collection.Name + "/*", commit.Record.Collection.Name + "/" + commit.Record.Id)
            : (topic[..(topic.IndexOf('/') + 1)] + "*", topic);
        var first = index.GetValueOrDefault(all) ?? [];
        var second = index.GetValueOrDefault(one) ?? [];
        return second.Length == 0 ? first : first.Length == 0 ? second : [.. first.Union(second)];
    }

    /// <summary>Counts a new stream from <paramref name="address"/>; <c>false</c> when the address holds its limit.</summary>
    public bool TryOpenStream(string address)
    {
        var limit = options.Value.MaxConnectionsPerAddress;
        while (true)
        {
            var current = _streamsPerAddress.GetValueOrDefault(address);
            if (current >= limit)
            {
                return false;
            }

            if (current == 0 ? _streamsPerAddress.TryAdd(address, 1) : _streamsPerAddress.TryUpdate(address, current + 1, current))
            {
                return true;
            }
        }
    }

    public void CloseStream(string address)
    {
        while (_streamsPerAddress.TryGetValue(address, out var current))
        {
            if (current <= 1 ? _streamsPerAddress.TryRemove(KeyValuePair.Create(address, current)) : _streamsPerAddress.TryUpdate(address, current - 1, current))
            {
                return;
            }
        }
    }

    public RealtimeClient Add(string address)
    {
        var client = new RealtimeClient(NewId(), address, options.Value.ClientBufferMessages, clock.GetUtcNow());
        lock (_gate)
        {
            _clients[client.Id] = client;
            Volatile.Write(ref _snapshot, [.. _snapshot, client]);
        }

        return client;
    }

    public void Remove(RealtimeClient client)
    {
        lock (client)
        {
            client.Close();
            if (_clients.TryRemove(KeyValuePair.Create(client.Id, client)))
            {
                SetSubscriptions(client, SubscriptionSet.Empty);
                lock (_gate)
                {
                    Volatile.Write(ref _snapshot, Array.FindAll(_snapshot, c => c != client));
                }
            }
        }
    }

    /// <summary>Replaces a client's subscriptions and the index the hub and the write path read.</summary>
    public void SetSubscriptions(RealtimeClient client, SubscriptionSet set)
    {
        lock (client)
        {
            // A client removed meanwhile keeps no subscriptions, so the index cannot keep a client that is gone.
            if (set.Items.Count > 0 && client.Closing)
            {
                return;
            }

            var before = client.Subscriptions.Items.Count > 0;
            client.Subscriptions = set;
            if (before || set.Items.Count > 0)
            {
                Reindex();
            }
        }
    }

    private void Reindex()
    {
        lock (_gate)
        {
            var index = new Dictionary<string, List<RealtimeClient>>(StringComparer.Ordinal);
            foreach (var client in _clients.Values)
            {
                foreach (var topic in client.Subscriptions.Items.Select(s => s.Collection + "/" + (s.RecordId ?? "*")).Distinct(StringComparer.Ordinal))
                {
                    (index.TryGetValue(topic, out var list) ? list : index[topic] = []).Add(client);
                }
            }

            Volatile.Write(ref _byTopic, index.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal));
            Volatile.Write(ref _subscribedCollections, index.Keys.Select(topic => topic[..topic.IndexOf('/')]).ToHashSet(StringComparer.Ordinal));
        }
    }

    // 128 random bits as 32 hex characters: the id is what lets a stream be resumed.
    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
