using System.Threading.Channels;

namespace FastCms.Realtime;

/// <summary>A message queued for one client's stream: an SSE event, or a heartbeat comment when <see cref="Event"/> is null.</summary>
internal sealed record OutgoingMessage(string? Event, string? Id, ReadOnlyMemory<byte> Data, long CommittedAt = 0)
{
    public static OutgoingMessage Heartbeat { get; } = new(null, null, ReadOnlyMemory<byte>.Empty);
}

/// <summary>
/// One realtime client: its stream (while attached), its bounded queue of messages, and its subscriptions. A client
/// outlives a dropped connection for the resume window, so that a reconnect with <c>Last-Event-ID</c> finds it.
/// </summary>
internal sealed class RealtimeClient(string id, string address, int buffer, DateTimeOffset now)
{
    private Channel<OutgoingMessage> _queue = NewQueue(buffer);

    public string Id { get; } = id;

    /// <summary>The address the stream was opened from; subscription changes and resumes must come from it.</summary>
    public string Address { get; } = address;

    public volatile SubscriptionSet Subscriptions = SubscriptionSet.Empty;

    public ChannelReader<OutgoingMessage> Reader => _queue.Reader;

    /// <summary>When the current stream was opened.</summary>
    public DateTimeOffset StreamStarted { get; private set; } = now;

    /// <summary>When a message (not a heartbeat) was last queued, or the stream opened.</summary>
    public DateTimeOffset LastMessage { get; set; } = now;

    /// <summary>Set while a stream reads this client's queue.</summary>
    public bool Attached { get; private set; }

    /// <summary>When the stream went away; the client is forgotten once this is older than the resume window.</summary>
    public DateTimeOffset? DetachedAt { get; private set; }

    /// <summary>Set once the client is being disconnected for good; nothing more is queued.</summary>
    public bool Closing { get; private set; }

    public bool TryQueue(OutgoingMessage message) => _queue.Writer.TryWrite(message);

    /// <summary>Ends the current stream for good (its reader completes after the queued messages); no resume.</summary>
    public void Close()
    {
        Closing = true;
        _queue.Writer.TryComplete();
    }

    /// <summary>Gives a new stream a fresh queue; live events reach it once <see cref="MarkAttached"/> is called.</summary>
    public void Open(DateTimeOffset now, int buffer)
    {
        if (_queue.Reader.Completion.IsCompleted || DetachedAt is not null)
        {
            _queue = NewQueue(buffer);
        }

        DetachedAt = null;
        StreamStarted = now;
        LastMessage = now;
    }

    public void MarkAttached() => Attached = true;

    /// <summary>Opens the client again for a resumed stream; <c>false</c> when it is still attached elsewhere or closed.</summary>
    public bool TryReopen(DateTimeOffset now, int buffer)
    {
        lock (this)
        {
            if (Closing || Attached || DetachedAt is null)
            {
                return false;
            }

            Open(now, buffer);
            return true;
        }
    }

    /// <summary>Ends the current stream but keeps the client for a resume (idle or lifetime limits).</summary>
    public void EndStream() => _queue.Writer.TryComplete();

    public void Detach(DateTimeOffset now)
    {
        Attached = false;
        DetachedAt = now;
        _queue.Writer.TryComplete();
    }

    private static Channel<OutgoingMessage> NewQueue(int buffer) => Channel.CreateBounded<OutgoingMessage>(
        new BoundedChannelOptions(buffer) { SingleReader = true, SingleWriter = false, FullMode = BoundedChannelFullMode.Wait });
}
