using System.Text.Json.Nodes;
using FastCms.Collections;
using FastCms.Data;
using FastCms.Events;
using FastCms.Kernel;
using FastCms.Outbox;
using FastCms.Plugins.Events;
using FastCms.Records.Files;

namespace FastCms.Records;

/// <summary>
/// Every record write, whatever the operation, in one order: load → before-hooks → validate their changes → write and
/// rule check → publish after commit. Create, update and delete (and batches, cascades and set-null, which are runs
/// of these) supply their own part as an <see cref="IRecordWrite"/>, so hooks see every write the same way and no
/// committed write goes unannounced or uncounted.
/// </summary>
internal sealed class RecordWritePipeline(
    RecordWriteChecks checks,
    BeforeHookRunner beforeHooks,
    HookRegistry hooks,
    EventQueue events,
    OutboxWriter outbox,
    CountCache counts,
    PluginDatabases databases,
    IEnumerable<IRecordCommitSink> sinks,
    IServiceProvider services)
{
    private readonly IRecordCommitSink[] _sinks = [.. sinks];

    /// <summary>
    /// Runs <paramref name="write"/> inside <paramref name="session"/>'s transaction. Returns the record as written (for a
    /// delete: as it was), or <c>null</c> when the record to update or delete does not exist for the caller.
    /// </summary>
    public async Task<RecordView?> RunAsync(DbSession session, IRecordWrite write, CancellationToken cancellationToken)
    {
        HookDepth.EnsureWithinLimit(write.Collection.Name);
        RecordView? previous = null;
        if (write.Operation != RecordOperation.Create && (previous = await write.LoadAsync(session, cancellationToken)) is null)
        {
            return null;
        }

        if (await RunBeforeHooksAsync(session, write.Operation, write.Collection, write.Id, write.HookData(), previous, write.Caller, cancellationToken) is { } changed)
        {
            write.Accept(changed, previous);
        }

        var now = checks.Now();
        var view = await write.WriteAsync(session, previous, now, cancellationToken);

        // A delete's event carries the record as it was; there is no later state to set beside it.
        PublishOnCommit(session, write.Operation, view, write.Operation == RecordOperation.Delete ? null : previous, write.Caller, now);
        return view;
    }

    /// <summary>
    /// Runs the before-hooks of <paramref name="operation"/> inside the write's transaction. Returns the data as the
    /// hooks left it, to be validated again, or <c>null</c> when no hook is registered (the data is then unchanged).
    /// </summary>
    private async ValueTask<JsonObject?> RunBeforeHooksAsync(
        DbSession session, RecordOperation operation, CompiledCollection collection, string id, JsonObject data, RecordView? previous,
        RecordCaller caller, CancellationToken cancellationToken)
    {
        if (hooks.Before(operation, collection.Name).IsEmpty)
        {
            return null;
        }

        await using var hookServices = new PluginServiceProvider(services, databases);
        var change = new RecordChange(operation, collection.Name, id, data, previous?.ToJson(true), caller.Actor, hookServices)
        {
            Fields = collection.FieldNames,
            Files = UploadScope.For(collection.Id, id)?.Files.Select(f => f.Describe()).ToList() ?? [],
        };
        await beforeHooks.RunAsync(session, change, cancellationToken);
        return change.Data;
    }

    /// <summary>Counts the write and publishes its event once <paramref name="session"/> commits; nothing if it rolls back.</summary>
    private void PublishOnCommit(DbSession session, RecordOperation operation, RecordView view, RecordView? previous, RecordCaller caller, DateTimeOffset now)
    {
        var collectionId = view.Collection.Id;
        var collectionName = view.Collection.Name;
        var type = operation.EventName();
        session.OnCommitted(() =>
        {
            counts.Bump(collectionId);
            FastCmsMeter.RecordWritten(collectionName, operation);
        });
        foreach (var sink in _sinks)
        {
            if (sink.IsListeningTo(collectionName, view.Id))
            {
                var commit = new RecordCommit(operation, view, previous, caller, now);
                session.OnCommitted(() => sink.OnCommitted(commit));
            }
        }

        // Nobody listening: skip building the payload. A handler registered later sees later writes. A consumer that
        // decides by the record (a webhook's filter) is asked here, so an event every consumer refuses is never written.
        var hooked = !hooks.After(type, collectionName).IsEmpty || !hooks.Any().IsEmpty;
        var wanted = outbox.IsWanted(type, collectionName, consumer => consumer is not IRecordEventConsumer byRecord || byRecord.MayTake(type, view, now));
        if (!hooked)
        {
            if (wanted)
            {
                outbox.AppendWanted(session, type, collectionName, now, json =>
                {
                    json.WritePropertyName("record");
                    view.WriteFlat(json);
                    if (previous is not null)
                    {
                        json.WritePropertyName("previous");
                        previous.WriteFlat(json);
                    }
                });
            }

            return;
        }

        var @event = new RecordEvent(type, collectionName, view.Id, view.ToJson(false), previous?.ToJson(false), caller.Actor, now);
        if (wanted)
        {
            outbox.AppendWanted(session, @event);
        }

        events.PublishOnCommit(session, @event);
    }
}
