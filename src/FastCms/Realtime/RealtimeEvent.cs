using System.Text.Json.Nodes;
using FastCms.Records;

namespace FastCms.Realtime;

/// <summary>
/// An event as the realtime hub numbers, keeps and delivers it: a committed record write (from this instance or
/// another) or a plugin's message on one of its topics.
/// </summary>
internal sealed class RealtimeEvent
{
    private RealtimeEvent(RecordCommit? record, string? topic, JsonNode? payload, string? owner, DateTimeOffset at)
    {
        Record = record;
        Topic = topic;
        Payload = payload;
        Owner = owner;
        At = at;
    }

    /// <summary>Assigned by the hub in delivery order: the number in every message's SSE <c>id</c>.</summary>
    public long Seq { get; set; }

    public RecordCommit? Record { get; }

    /// <summary>The plugin topic (<c>chat/room1</c>) of a plugin message.</summary>
    public string? Topic { get; }

    public JsonNode? Payload { get; }

    /// <summary>The plugin that published a plugin message.</summary>
    public string? Owner { get; }

    public DateTimeOffset At { get; }

    /// <summary><see cref="System.Diagnostics.Stopwatch"/> ticks when the event entered the hub, for the fan-out latency.</summary>
    public long Received { get; set; }

    public string Action => Record!.Operation switch
    {
        Plugins.Events.RecordOperation.Create => "create",
        Plugins.Events.RecordOperation.Update => "update",
        _ => "delete",
    };

    public static RealtimeEvent ForRecord(RecordCommit commit) => new(commit, null, null, null, commit.At);

    public static RealtimeEvent ForTopic(string topic, JsonNode? payload, string owner, DateTimeOffset at) => new(null, topic, payload, owner, at);
}

/// <summary>
/// The recent events a reconnecting client may have missed, bounded by count and age. Only the hub's loop touches it.
/// The hub adds only events somebody followed, so sequence numbers in it have gaps; what tells a complete replay from
/// an incomplete one is the last number the window let go of.
/// </summary>
internal sealed class EventWindow(int capacity, TimeSpan age)
{
    private readonly Queue<RealtimeEvent> _events = new();
    private long _droppedThrough;

    public void Add(RealtimeEvent e, DateTimeOffset now)
    {
        if (capacity == 0)
        {
            _droppedThrough = e.Seq;
            return;
        }

        _events.Enqueue(e);
        Trim(now);
    }

    public void Trim(DateTimeOffset now)
    {
        while (_events.Count > capacity || (_events.TryPeek(out var first) && now - first.At > age))
        {
            _droppedThrough = _events.Dequeue().Seq;
        }
    }

    /// <summary>The event numbered <paramref name="seq"/>, while the window keeps it.</summary>
    public RealtimeEvent? Find(long seq) => _events.FirstOrDefault(e => e.Seq == seq);

    /// <summary>The events after <paramref name="seq"/>, or <c>null</c> when some of them have already left the window.</summary>
    public List<RealtimeEvent>? After(long seq, long current)
    {
        if (seq >= current)
        {
            return [];
        }

        if (seq < _droppedThrough)
        {
            return null;
        }

        return [.. _events.Where(e => e.Seq > seq)];
    }
}
