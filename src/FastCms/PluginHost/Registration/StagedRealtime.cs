using System.Text.RegularExpressions;
using FastCms.Plugins.Realtime;
using FastCms.Realtime;

namespace FastCms.PluginHost.Registration;

/// <summary>
/// A plugin's <see cref="IPluginRealtime"/>: topic prefixes and hooks are staged until the registration commits (all
/// or nothing) and withdrawn with it; publishing works while the plugin is live and is ignored once it is withdrawn.
/// </summary>
internal sealed partial class StagedRealtime(string owner, IServiceProvider services, PluginMount mount, Action ensureOpen) : IPluginRealtime
{
    private readonly List<TopicPrefix> _prefixes = [];
    private readonly List<RealtimeConnectHandler> _connect = [];
    private readonly List<RealtimeSubscribeHandler> _subscribe = [];
    private readonly List<RealtimeMessageHandler> _message = [];

    private RealtimePlugins Registry => services.GetRequiredService<RealtimePlugins>();

    public void MapTopics(string prefix, RealtimeTopicAuthorizer authorize)
    {
        ensureOpen();
        ArgumentNullException.ThrowIfNull(authorize);
        if (prefix is null || !PrefixPattern().IsMatch(prefix))
        {
            throw new ArgumentException($"Realtime topic prefix '{prefix}' must be a slug such as 'chat'.", nameof(prefix));
        }

        if (Registry.OwnerOf(prefix) is { } taken || _prefixes.Exists(p => p.Prefix == prefix) && (taken = owner) is not null)
        {
            throw new InvalidOperationException($"Realtime topic prefix '{prefix}' is already used by '{taken}'.");
        }

        _prefixes.Add(new TopicPrefix(owner, prefix, authorize));
    }

    public void Publish(string topic, object? payload)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        var slash = topic.IndexOf('/');
        var prefix = slash > 0 ? topic[..slash] : "";
        if (slash <= 0 || slash == topic.Length - 1 || (!_prefixes.Exists(p => p.Prefix == prefix)))
        {
            throw new ArgumentException($"Topic '{topic}' must start with one of the prefixes this plugin mapped with MapTopics, such as '{_prefixes.FirstOrDefault()?.Prefix ?? "chat"}/room1'.", nameof(topic));
        }

        if (mount.IsLive)
        {
            services.GetRequiredService<RealtimeHub>().Publish(topic, payload, owner);
        }
    }

    public void OnConnect(RealtimeConnectHandler handler) => Stage(_connect, handler);

    public void OnSubscribe(RealtimeSubscribeHandler handler) => Stage(_subscribe, handler);

    public void OnMessage(RealtimeMessageHandler handler) => Stage(_message, handler);

    /// <summary>Activates what was staged; throws (activating nothing) when a prefix was taken meanwhile.</summary>
    public void Commit()
    {
        if (_prefixes.Count + _connect.Count + _subscribe.Count + _message.Count > 0)
        {
            Registry.AddRange(owner, _prefixes, _connect, _subscribe, _message);
        }
    }

    private void Stage<T>(List<T> list, T handler)
    {
        ensureOpen();
        ArgumentNullException.ThrowIfNull(handler);
        list.Add(handler);
    }

    [GeneratedRegex("^[a-z0-9]+(?:[-_][a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex PrefixPattern();
}
