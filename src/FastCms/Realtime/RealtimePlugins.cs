using System.Collections.Immutable;
using FastCms.Plugins.Realtime;

namespace FastCms.Realtime;

/// <summary>A plugin's claim on the topics under one prefix.</summary>
internal sealed record TopicPrefix(string Owner, string Prefix, RealtimeTopicAuthorizer Authorize);

/// <summary>A hook on the realtime streams, with the plugin that registered it.</summary>
internal sealed record RealtimeHook<THandler>(string Owner, THandler Handler);

/// <summary>
/// What plugins registered for realtime: topic prefixes with their authorizers, and connect, subscribe and message
/// hooks. Immutable snapshots, replaced on each change, so delivery reads them without locks; a plugin's entries are
/// added together when its registration commits and removed together when it is withdrawn.
/// </summary>
internal sealed class RealtimePlugins
{
    private readonly Lock _gate = new();

    public ImmutableDictionary<string, TopicPrefix> Prefixes { get; private set; } = ImmutableDictionary<string, TopicPrefix>.Empty.WithComparers(StringComparer.Ordinal);

    public ImmutableArray<RealtimeHook<RealtimeConnectHandler>> Connect { get; private set; } = [];

    public ImmutableArray<RealtimeHook<RealtimeSubscribeHandler>> Subscribe { get; private set; } = [];

    public ImmutableArray<RealtimeHook<RealtimeMessageHandler>> Message { get; private set; } = [];

    /// <summary>The owner of <paramref name="prefix"/>, if a plugin claimed it.</summary>
    public string? OwnerOf(string prefix) => Prefixes.GetValueOrDefault(prefix)?.Owner;

    /// <summary>Adds one plugin's registrations at once; fails (adding nothing) when a prefix is taken.</summary>
    public void AddRange(
        string owner, IReadOnlyList<TopicPrefix> prefixes, IReadOnlyList<RealtimeConnectHandler> connect,
        IReadOnlyList<RealtimeSubscribeHandler> subscribe, IReadOnlyList<RealtimeMessageHandler> message)
    {
        lock (_gate)
        {
            if (prefixes.FirstOrDefault(p => Prefixes.ContainsKey(p.Prefix)) is { } taken)
            {
                throw new InvalidOperationException($"Realtime topic prefix '{taken.Prefix}' is already used by '{Prefixes[taken.Prefix].Owner}'.");
            }

            Prefixes = Prefixes.AddRange(prefixes.Select(p => KeyValuePair.Create(p.Prefix, p)));
            Connect = Connect.AddRange(connect.Select(h => new RealtimeHook<RealtimeConnectHandler>(owner, h)));
            Subscribe = Subscribe.AddRange(subscribe.Select(h => new RealtimeHook<RealtimeSubscribeHandler>(owner, h)));
            Message = Message.AddRange(message.Select(h => new RealtimeHook<RealtimeMessageHandler>(owner, h)));
        }
    }

    public void RemoveOwner(string owner)
    {
        lock (_gate)
        {
            Prefixes = Prefixes.RemoveRange(Prefixes.Values.Where(p => p.Owner == owner).Select(p => p.Prefix));
            Connect = Connect.RemoveAll(h => h.Owner == owner);
            Subscribe = Subscribe.RemoveAll(h => h.Owner == owner);
            Message = Message.RemoveAll(h => h.Owner == owner);
        }
    }
}
