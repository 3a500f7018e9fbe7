using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using FastCms.Data;
using FastCms.Events;
using FastCms.Plugins.Events;

namespace FastCms.Outbox;

/// <summary>
/// Writes committed events into the outbox inside the write's own transaction, so that an event exists if and only if
/// its write committed. All events of one transaction go in with one statement just before it commits. An event no
/// configured consumer may want (none configured, or none following its collection and type) is not written at all:
/// <see cref="IsWanted"/> reads only cached values.
/// </summary>
internal sealed class OutboxWriter(IEnumerable<IOutboxConsumer> consumers, OutboxSignal signal)
{
    // Rows per INSERT; keeps the parameter count far below both databases' limits.
    private const int RowsPerStatement = 100;

    private readonly IOutboxConsumer[] _consumers = [.. consumers];
    private readonly ConditionalWeakTable<DbSession, List<OutboxEvent>> _pending = new();

    /// <summary>
    /// Whether such an event is written now; callers skip building an event when neither this nor a hook needs it.
    /// <paramref name="mayTake"/>, when given, is asked about each consumer that follows the event's collection and type,
    /// and can refuse for it by what the writer knows of the event.
    /// </summary>
    public bool IsWanted(string type, string collection, Func<IOutboxConsumer, bool>? mayTake = null)
    {
        foreach (var consumer in _consumers)
        {
            if (consumer.Wants(type, collection) && (mayTake is null || mayTake(consumer)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Adds <paramref name="event"/> to the outbox when <paramref name="session"/> commits, if a consumer may want it; nothing if it rolls back.</summary>
    public void Append(DbSession session, FastCmsEvent @event)
    {
        if (IsWanted(@event.Type, @event.Collection))
        {
            AppendWanted(session, @event);
        }
    }

    /// <summary>Like <see cref="Append(DbSession, FastCmsEvent)"/> for an event the caller has found wanted (<see cref="IsWanted"/>).</summary>
    public void AppendWanted(DbSession session, FastCmsEvent @event)
    {
        var id = NewId(@event.Timestamp);
        Add(session, new OutboxEvent(id, @event.Type, @event.Collection, OutboxPayload.Write(id, @event), @event.Timestamp, HookDepth.Current));
    }

    /// <summary>
    /// Like <see cref="AppendWanted(DbSession, FastCmsEvent)"/> for an event nobody in this process handles, so it is never
    /// built as an object: <paramref name="body"/> writes its type-specific members (<c>record</c>, <c>previous</c>) straight
    /// into the payload.
    /// </summary>
    public void AppendWanted(DbSession session, string type, string collection, DateTimeOffset timestamp, Action<Utf8JsonWriter> body)
    {
        var id = NewId(timestamp);
        Add(session, new OutboxEvent(id, type, collection, OutboxPayload.Write(id, type, collection, timestamp, body), timestamp, HookDepth.Current));
    }

    /// <summary>What every event id starts with; a time-ordered id follows.</summary>
    internal const string EventIdPrefix = "evt_";

    private static string NewId(DateTimeOffset timestamp) => EventIdPrefix + RandomId.TimeOrdered(timestamp);

    private void Add(DbSession session, OutboxEvent entry)
    {
        if (_pending.TryGetValue(session, out var events))
        {
            events.Add(entry);
            return;
        }

        events = [entry];
        _pending.Add(session, events);
        session.BeforeCommit((s, ct) => InsertAsync(s, events, ct));
        session.OnCommitted(signal.Wake);
    }

    private static async Task InsertAsync(DbSession session, List<OutboxEvent> events, CancellationToken cancellationToken)
    {
        var dialect = session.Dialect;
        for (var start = 0; start < events.Count; start += RowsPerStatement)
        {
            var count = Math.Min(RowsPerStatement, events.Count - start);
            var sql = new StringBuilder("INSERT INTO _outbox (id, type, collection, payload, created, depth, dispatched) VALUES ");
            for (var i = 0; i < count; i++)
            {
                sql.Append(i == 0 ? "" : ", ").Append($"(@i{i}, @t{i}, @c{i}, @p{i}, @d{i}, @h{i}, @f)");
            }

            await using var insert = session.CreateCommand(sql.ToString());
            insert.AddParameter("f", false);
            for (var i = 0; i < count; i++)
            {
                var e = events[start + i];
                insert.AddParameter($"i{i}", e.Id).AddParameter($"t{i}", e.Type).AddParameter($"c{i}", e.Collection)
                    .AddParameter($"p{i}", e.Payload).AddParameter($"d{i}", dialect.Timestamp(e.Created)).AddParameter($"h{i}", (long)e.Depth);
            }

            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}

/// <summary>Wakes the dispatcher after a commit added events, so that delivery does not wait for the next poll.</summary>
internal sealed class OutboxSignal
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Wake()
    {
        if (_semaphore.CurrentCount == 0)
        {
            try
            {
                _semaphore.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already woken by another commit: one wake-up serves both.
            }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _semaphore.WaitAsync(timeout, cancellationToken);
}
