using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using FastCms.Data;
using FastCms.Kernel;
using FastCms.Plugins.Events;

namespace FastCms.Events;

/// <summary>
/// Delivers committed events to after-hooks, off the request path. Events of one record (and of one collection) always go
/// to the same partition, so they are handled in commit order; partitions run in parallel. Each handler is isolated: an
/// exception is logged and counted and the next handler still runs. On shutdown the queue is drained.
/// </summary>
internal sealed class EventQueue : IHostedService
{
    private const int Partitions = 4;
    private readonly Channel<Envelope>[] _channels;
    private readonly HookRegistry _registry;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger<EventQueue> _logger;
    private readonly ConcurrentDictionary<string, ILogger> _ownerLoggers = new(StringComparer.Ordinal);
    private Task[] _consumers = [];
    private long _pending;

    public EventQueue(HookRegistry registry, ILoggerFactory loggers)
    {
        _registry = registry;
        _loggers = loggers;
        _logger = loggers.CreateLogger<EventQueue>();
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
        // A collection's own events go by its id: a rename changes the name between its events.
        var key = @event switch
        {
            RecordEvent record => record.Collection + "/" + record.RecordId,
            CollectionEvent collection => collection.CollectionId,
            _ => @event.Collection,
        };
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

    /// <summary>Runs every matching after-hook for one event, in order; each failure is logged and counted.</summary>
    internal async Task DeliverAsync(FastCmsEvent @event)
    {
        if (@event is RecordEvent record)
        {
            foreach (var hook in _registry.After(record.Type, record.Collection))
            {
                await InvokeAsync(hook, hook.Owner, @event, static (h, e) => h.Handler((RecordEvent)e, CancellationToken.None));
            }
        }

        foreach (var hook in _registry.Any())
        {
            await InvokeAsync(hook, hook.Owner, @event, static (h, e) => h.Handler(e, CancellationToken.None));
        }
    }

    // The handler call is a static lambda over the hook, so delivering an event allocates nothing per handler.
    private async ValueTask InvokeAsync<THook>(THook hook, string owner, FastCmsEvent @event, Func<THook, FastCmsEvent, ValueTask> invoke)
    {
        var started = Stopwatch.GetTimestamp();
        var tags = new TagList { { "plugin", owner }, { "event", @event.Type }, { "phase", "after" } };
        try
        {
            await invoke(hook, @event);
        }
        catch (Exception e)
        {
            FastCmsMeter.HookErrors.Add(1, tags);
            OwnerLogger(owner).LogError(e, "After-hook of {Owner} failed on {EventType} in {Collection}", owner, @event.Type, @event.Collection);
        }
        finally
        {
            FastCmsMeter.HookDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }
    }

    // A failing after-hook is logged where its owner's own lines go: Plugin.{id}, or Hooks.{file} for a hook script.
    private ILogger OwnerLogger(string owner) => _ownerLoggers.GetOrAdd(owner, static (o, loggers) =>
        loggers.CreateLogger(o.StartsWith("hooks/", StringComparison.Ordinal) ? "Hooks." + o["hooks/".Length..] : "Plugin." + o), _loggers);

    private readonly record struct Envelope(FastCmsEvent Event, int Depth);
}
