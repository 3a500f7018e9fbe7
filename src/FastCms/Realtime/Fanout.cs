using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FastCms.Plugins.Realtime;

namespace FastCms.Realtime;

/// <summary>
/// Delivers one event to the clients whose subscriptions match it: authorises each distinct (rule, identity, filter)
/// once, renders each distinct view once, runs plugins' message hooks, and queues the message on each client without
/// waiting. A client whose queue is full is disconnected (a slow consumer never holds up the others).
/// </summary>
internal sealed class Fanout(
    ClientRegistry clients, RecordAuthorizer authorizer, MessageRenderer renderer, RealtimePlugins plugins, RealtimeMetrics metrics,
    TimeProvider clock, ILogger<Fanout> logger)
{
    /// <summary>
    /// Queues the event's messages on the clients it matches. A client matching it under several topics gets one message
    /// per topic: the first with the id <c>{client}.{seq}</c>, the next ones <c>{client}.{seq}.{n}</c>, so that a resume
    /// after the first of them knows what is still missing; <paramref name="skip"/> leaves out that many first messages.
    /// </summary>
    public async Task DeliverAsync(RealtimeEvent e, IEnumerable<RealtimeClient> targets, CancellationToken cancellationToken, bool resuming = false, int skip = 0)
    {
        List<(RealtimeClient Client, SubscriptionSet Set, Subscription Subscription, string CheckKey)>? matches = null;
        foreach (var client in targets)
        {
            if ((!client.Attached && !resuming) || client.Closing)
            {
                continue;
            }

            var set = client.Subscriptions;
            for (var i = 0; i < set.Items.Count; i++)
            {
                if (Matches(set.Items[i], e))
                {
                    (matches ??= []).Add((client, set, set.Items[i], set.CheckKeys[i]));
                }
            }
        }

        if (matches is null)
        {
            return;
        }

        Dictionary<string, bool>? visible = null;
        if (e.Record is not null)
        {
            visible = new Dictionary<string, bool>(StringComparer.Ordinal);
            await authorizer.CheckAsync(e, matches.Select(m => (m.Set.Identity, m.Subscription, m.CheckKey)), visible, cancellationToken);
        }

        var rendered = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        RealtimeClient? previous = null;
        var part = 0;
        foreach (var (client, set, subscription, checkKey) in matches)
        {
            if (visible is not null && !visible[checkKey])
            {
                continue;
            }

            // A client's matches are consecutive: its messages of this event are numbered 0, 1, … in that order.
            part = client == previous ? part + 1 : 0;
            previous = client;
            if (part < skip)
            {
                continue;
            }

            var key = subscription.Expand is null ? subscription.RenderKey : subscription.RenderKey + "\u0002" + set.Identity.Key;
            if (!rendered.TryGetValue(key, out var data))
            {
                data = e.Record is null
                    ? Encoding.UTF8.GetBytes(e.Payload?.ToJsonString() ?? "null")
                    : await renderer.RenderAsync(e, subscription, set.Identity, cancellationToken);
                rendered[key] = data;
            }

            var topic = subscription.Topic;
            if (!plugins.Message.IsEmpty && ApplyHooks(client, set, ref topic, ref data) is false)
            {
                continue;
            }

            Send(client, new OutgoingMessage(topic, part == 0 ? $"{client.Id}.{e.Seq}" : $"{client.Id}.{e.Seq}.{part}", data, e.Received), now);
        }
    }

    /// <summary>Queues a message of the protocol itself (<c>connect</c>, <c>reset</c>) with the id <c>{client}.{seq}</c>.</summary>
    public void SendControl(RealtimeClient client, string name, JsonObject data, long seq) =>
        Send(client, new OutgoingMessage(name, client.Id + "." + seq, JsonSerializer.SerializeToUtf8Bytes(data)), clock.GetUtcNow());

    private void Send(RealtimeClient client, OutgoingMessage message, DateTimeOffset now)
    {
        if (client.TryQueue(message))
        {
            client.LastMessage = now;
            metrics.Sent(message.CommittedAt);
            return;
        }

        if (!client.Closing && client.DetachedAt is null)
        {
            metrics.Dropped();
            logger.LogWarning("Realtime client {ClientId} at {Address} fell behind by a full buffer and was disconnected", client.Id, client.Address);
            clients.Remove(client);
        }
    }

    private static bool Matches(Subscription subscription, RealtimeEvent e)
    {
        if (e.Record is { } commit)
        {
            return !subscription.IsCustom && subscription.Collection == commit.Record.Collection.Name
                && (subscription.RecordId is null || subscription.RecordId == commit.Record.Id);
        }

        return subscription.IsCustom && (subscription.Topic == e.Topic
            || (subscription.RecordId is null && e.Topic!.StartsWith(subscription.Collection + "/", StringComparison.Ordinal)));
    }

    private bool ApplyHooks(RealtimeClient client, SubscriptionSet set, ref string topic, ref byte[] data)
    {
        var subscriber = new RealtimeSubscriber(client.Id, set.Identity.UserId, set.Identity.Role, client.Address);
        var message = new RealtimeMessage(topic, JsonNode.Parse(data));
        foreach (var hook in plugins.Message)
        {
            try
            {
                if (hook.Handler(subscriber, message) is not { } changed)
                {
                    return false;
                }

                message = changed;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Realtime message hook of {Owner} failed", hook.Owner);
            }
        }

        topic = message.Topic;
        data = Encoding.UTF8.GetBytes(message.Data?.ToJsonString() ?? "null");
        return true;
    }
}
