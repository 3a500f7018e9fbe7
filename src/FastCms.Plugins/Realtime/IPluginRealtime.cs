using System.Text.Json.Nodes;

namespace FastCms.Plugins.Realtime;

/// <summary>
/// A plugin's part in realtime (<see cref="IPluginContext.Realtime"/>): its own topics, published to subscribers of
/// <c>/api/v1/realtime</c>, and hooks on the host's streams. Topics, authorizers and hooks are registered inside
/// <c>Register</c> and withdrawn with the plugin; <see cref="Publish"/> works for the plugin's whole active life.
/// </summary>
public interface IPluginRealtime
{
    /// <summary>
    /// Claims the topics <c>{prefix}/…</c> for this plugin. A client may subscribe to such a topic (or to
    /// <c>{prefix}/*</c>, every topic of the prefix) only when <paramref name="authorize"/> answers <c>true</c> for it;
    /// a prefix another plugin claimed fails the registration. Prefixes are matched before collection names, so a
    /// collection of the same name cannot be subscribed to while the prefix is claimed.
    /// </summary>
    /// <param name="prefix">A slug such as <c>chat</c>.</param>
    /// <param name="authorize">Decides, at subscribe time, whether the subscriber may receive the topic.</param>
    void MapTopics(string prefix, RealtimeTopicAuthorizer authorize);

    /// <summary>
    /// Sends <paramref name="payload"/> (serialised as JSON) as the data of an event named <paramref name="topic"/> to its
    /// subscribers, after the current message queue. The topic must start with one of this plugin's prefixes.
    /// </summary>
    /// <param name="topic">For example <c>chat/room1</c>.</param>
    /// <param name="payload">Any JSON-serialisable value.</param>
    void Publish(string topic, object? payload);

    /// <summary>Runs <paramref name="handler"/> when a client opens a stream (not when it resumes one).</summary>
    /// <param name="handler">The hook; exceptions are logged.</param>
    void OnConnect(RealtimeConnectHandler handler);

    /// <summary>Runs <paramref name="handler"/> before a client's subscriptions are replaced; it may refuse them.</summary>
    /// <param name="handler">Returns <c>null</c> to allow, or a message to refuse the request (<c>403</c>).</param>
    void OnSubscribe(RealtimeSubscribeHandler handler);

    /// <summary>
    /// Runs <paramref name="handler"/> before each message goes to a subscriber; it returns the message (changed or
    /// not), or <c>null</c> to drop it for that subscriber. It runs on the delivery path: keep it quick.
    /// </summary>
    /// <param name="handler">The hook; an exception drops nothing and is logged.</param>
    void OnMessage(RealtimeMessageHandler handler);
}

/// <summary>A realtime client as hooks see it: its id, the signed-in user behind its subscriptions (if any) and its address.</summary>
/// <param name="ClientId">The id sent in the <c>connect</c> event.</param>
/// <param name="UserId">The subscriber's user id, or <c>null</c> for a guest.</param>
/// <param name="Role">The subscriber's role (<c>user</c>, <c>admin</c>), or <c>null</c>.</param>
/// <param name="Address">The client's IP address.</param>
public sealed record RealtimeSubscriber(string ClientId, string? UserId, string? Role, string Address);

/// <summary>A message on its way to one subscriber: the SSE event name (the topic) and its JSON data.</summary>
/// <param name="Topic">The event name, such as <c>posts/*</c> or <c>chat/room1</c>.</param>
/// <param name="Data">The message's JSON; for records <c>{"action", "record"}</c>.</param>
public sealed record RealtimeMessage(string Topic, JsonNode? Data);

/// <summary>Decides whether <paramref name="subscriber"/> may receive <paramref name="topic"/>.</summary>
/// <param name="subscriber">Who subscribes.</param>
/// <param name="topic">The topic asked for, such as <c>chat/room1</c> or <c>chat/*</c>.</param>
/// <param name="cancellationToken">Cancelled when the request is.</param>
/// <returns><c>true</c> to allow.</returns>
public delegate ValueTask<bool> RealtimeTopicAuthorizer(RealtimeSubscriber subscriber, string topic, CancellationToken cancellationToken);

/// <summary>Observes a new stream.</summary>
/// <param name="subscriber">The new client (no user yet: streams carry no token).</param>
/// <param name="cancellationToken">Cancelled when the stream closes.</param>
/// <returns>A task.</returns>
public delegate ValueTask RealtimeConnectHandler(RealtimeSubscriber subscriber, CancellationToken cancellationToken);

/// <summary>Sees a subscribe request before it takes effect.</summary>
/// <param name="subscriber">Who subscribes (the user of the request's token).</param>
/// <param name="topics">The topics asked for.</param>
/// <param name="cancellationToken">Cancelled when the request is.</param>
/// <returns><c>null</c> to allow, or the reason for refusing.</returns>
public delegate ValueTask<string?> RealtimeSubscribeHandler(RealtimeSubscriber subscriber, IReadOnlyList<string> topics, CancellationToken cancellationToken);

/// <summary>Changes or drops one message for one subscriber.</summary>
/// <param name="subscriber">Who would receive it.</param>
/// <param name="message">The message.</param>
/// <returns>The message to send, or <c>null</c> to drop it.</returns>
public delegate RealtimeMessage? RealtimeMessageHandler(RealtimeSubscriber subscriber, RealtimeMessage message);
