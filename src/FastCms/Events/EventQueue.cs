using System.Diagnostics;
using System.Threading.Channels;
using FastCms.Data;
using FastCms.Metrics;
using FastCms.Plugins.Events;

namespace FastCms.Events;

/// <summary>
/// Delivers committed events to after-hooks, off the request path. Events of one record always go to the same
/// partition, so they are handled in commit order; partitions run in parallel. Each handler is isolated: an
/// exception is logged and counted and the next handler still runs. On shutdown the queue is drained.
/// </summary>
public sealed class EventQueue : IHostedService
{
    private const int Partitions = 4;
    private readonly Channel<Envelope>[] _channels;
    private readonly HookRegistry _registry;
    private readonly ILogger<EventQueue> _logger;
    private Task[] _consumers = [];
    private long _pending;

    public EventQueue(HookRegistry registry, ILogger<EventQueue> logger)
    {
        _registry = registry;
        _logger = logger;
        _channels = new Channel<Envelope>[Partitions];
        for (var i = 0; i < Partitions; i++)
        {
            _channels[i] = Channel.CreateUnbounded<Envelope>(new UnboundedChannelOptions { SingleReader = true });
        }
    }

    /// <summary>Events accepted but not yet handled by every handler.</summary>
    public long Pending => Interlocked.Read(ref _pending);

    /// <summary>
    /// Queues <paramref name="event"/> for delivery once <paramref name="session"/> commits; nothing is delivered
    /// if it rolls back.
    /// </summary>
    public void PublishOnCommit(DbSession session, FastCmsEvent @event)
    {
        var depth = HookDepth.Current;
        session.OnCommitted(() => Publish(@event, depth));
    }

    /// <summary>Queues an event that has already been committed.</summary>
    public void Publish(FastCmsEvent @event, int depth)
    {
        var key = @event is RecordEvent record ? record.Collection + "/" + record.RecordId : @event.Collection;
        var partition = (int)((uint)StringComparer.Ordinal.GetHashCode(key) % Partitions);
        Interlocked.Increment(ref _pending);
        if (!_channels[partition].Writer.TryWrite(new Envelope(@event, depth)))
        {
            Interlocked.Decrement(ref _pending);
            _logger.LogWarning("Event {Type} for {Collection} arrived after shutdown began and was not delivered", @event.Type, @event.Collection);
        }
    }

    /// <summary>Waits until every queued event has been handled (used by tests and shutdown).</summary>
    public async Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        while (Pending > 0)
        {
            await Task.Delay(10, cancellationToken);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _consumers = [.. _channels.Select(channel => Task.Run(() => ConsumeAsync(channel.Reader), CancellationToken.None))];
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var channel in _channels)
        {
            channel.Writer.TryComplete();
        }

        try
        {
            await Task.WhenAll(_consumers).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            _logger.LogWarning("Shutdown timeout: {Pending} events were not delivered to after-hooks", Pending);
        }
    }

    private async Task ConsumeAsync(ChannelReader<Envelope> reader)
    {
        await foreach (var envelope in reader.ReadAllAsync())
        {
            using (HookDepth.Enter(envelope.Depth + 1))
            {
                await DeliverAsync(envelope.Event);
            }

            Interlocked.Decrement(ref _pending);
        }
    }

    private async Task DeliverAsync(FastCmsEvent @event)
    {
        if (@event is RecordEvent record)
        {
            foreach (var hook in _registry.After(record.Type, record.Collection))
            {
                await InvokeAsync(hook.Owner, @event, () => hook.Handler(record, CancellationToken.None));
            }
        }

        foreach (var hook in _registry.Any())
        {
            await InvokeAsync(hook.Owner, @event, () => hook.Handler(@event, CancellationToken.None));
        }
    }

    private async Task InvokeAsync(string owner, FastCmsEvent @event, Func<ValueTask> handler)
    {
        var started = Stopwatch.GetTimestamp();
        var tags = new TagList { { "plugin", owner }, { "event", @event.Type }, { "phase", "after" } };
        try
        {
            await handler();
        }
        catch (Exception e)
        {
            FastCmsMeter.HookErrors.Add(1, tags);
            _logger.LogError(e, "After-hook of {Owner} failed on {EventType} in {Collection}", owner, @event.Type, @event.Collection);
        }
        finally
        {
            FastCmsMeter.HookDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }
    }

    private readonly record struct Envelope(FastCmsEvent Event, int Depth);
}
