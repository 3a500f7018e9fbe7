using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using FastCms.Records;
using Microsoft.Extensions.Options;

namespace FastCms.Realtime;

/// <summary>
/// The one place events are numbered and fanned out. Committed writes (this instance's, through
/// <see cref="IRecordCommitSink"/>, and other instances', through the relay), plugin messages and resumes go through a
/// single queue and one loop, so every client sees events in commit order and a resume's replay lands exactly between
/// what the client had and what comes next.
/// </summary>
internal sealed class RealtimeHub : IRecordCommitSink, IHostedService
{
    private readonly Channel<object> _input = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ClientRegistry _clients;
    private readonly Fanout _fanout;
    private readonly TimeProvider _clock;
    private readonly ILogger<RealtimeHub> _logger;
    private readonly EventWindow _window;
    private Task _loop = Task.CompletedTask;
    private long _seq;

    public RealtimeHub(ClientRegistry clients, Fanout fanout, IOptions<RealtimeOptions> options, TimeProvider clock, ILogger<RealtimeHub> logger)
    {
        _clients = clients;
        _fanout = fanout;
        _clock = clock;
        _logger = logger;
        _window = new EventWindow(options.Value.ResumeWindowEvents, options.Value.ResumeWindow);
    }

    /// <summary>Set when another instance may have subscribers (the relay then needs every write).</summary>
    public Func<RealtimeEvent, bool>? Relay { get; set; }

    public bool IsListeningTo(string collection, string recordId) => Relay is not null || _clients.IsSubscribedTo(collection, recordId);

    /// <summary>The sequence number of the last event numbered.</summary>
    public long CurrentSeq => Interlocked.Read(ref _seq);

    public void OnCommitted(RecordCommit commit) => Enqueue(RealtimeEvent.ForRecord(commit));

    /// <summary>Queues a plugin's message on <paramref name="topic"/>.</summary>
    public void Publish(string topic, object? payload, string owner) =>
        Enqueue(RealtimeEvent.ForTopic(topic, payload as JsonNode ?? JsonSerializer.SerializeToNode(payload), owner, _clock.GetUtcNow()));

    /// <summary>Queues an event committed on another instance; it is delivered here and not relayed again.</summary>
    public void FromPeer(RealtimeEvent e)
    {
        e.Received = Stopwatch.GetTimestamp();
        _input.Writer.TryWrite(new Remote(e));
    }

    /// <summary>Replays to <paramref name="client"/> what came after <paramref name="lastSeq"/>, then lets live events through.</summary>
    public void Resume(RealtimeClient client, long lastSeq, int lastPart) => _input.Writer.TryWrite(new ResumeRequest(client, lastSeq, lastPart));

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _input.Writer.TryComplete();
        foreach (var client in _clients.Clients)
        {
            client.Close();
        }

        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private void Enqueue(RealtimeEvent e)
    {
        e.Received = Stopwatch.GetTimestamp();
        _input.Writer.TryWrite(e);
    }

    private async Task RunAsync()
    {
        await foreach (var item in _input.Reader.ReadAllAsync())
        {
            try
            {
                switch (item)
                {
                    case RealtimeEvent local:
                        Relay?.Invoke(local);
                        await DeliverAsync(local);
                        break;
                    case Remote remote:
                        await DeliverAsync(remote.Event);
                        break;
                    case ResumeRequest resume:
                        await ResumeAsync(resume.Client, resume.LastSeq, resume.LastPart);
                        break;
                }
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Realtime delivery failed");
            }
        }
    }

    private async Task DeliverAsync(RealtimeEvent e)
    {
        e.Seq = Interlocked.Increment(ref _seq);
        var candidates = _clients.Candidates(e);
        if (candidates.Count == 0)
        {
            // Nobody follows its topic, so no resume can ask for it: the window keeps only events that could be missed.
            return;
        }

        _window.Add(e, _clock.GetUtcNow());
        await _fanout.DeliverAsync(e, candidates, CancellationToken.None);
    }

    private async Task ResumeAsync(RealtimeClient client, long lastSeq, int lastPart)
    {
        _window.Trim(_clock.GetUtcNow());
        var missed = _window.After(lastSeq, CurrentSeq);
        _fanout.SendControl(client, "connect", new JsonObject { ["client_id"] = client.Id, ["resumed"] = true }, lastSeq);
        if (missed is null)
        {
            _clients.SetSubscriptions(client, SubscriptionSet.Empty);
            _fanout.SendControl(client, "reset", new JsonObject { ["reason"] = "Messages since the last event id are no longer kept; subscribe again and reload." }, CurrentSeq);
        }
        else
        {
            // The client may have had only the first messages of the last event (one per matching topic).
            if (_window.Find(lastSeq) is { } last)
            {
                await _fanout.DeliverAsync(last, [client], CancellationToken.None, resuming: true, skip: lastPart + 1);
            }

            foreach (var e in missed)
            {
                await _fanout.DeliverAsync(e, [client], CancellationToken.None, resuming: true);
            }
        }

        client.MarkAttached();
    }

    private sealed record Remote(RealtimeEvent Event);

    private sealed record ResumeRequest(RealtimeClient Client, long LastSeq, int LastPart);
}
