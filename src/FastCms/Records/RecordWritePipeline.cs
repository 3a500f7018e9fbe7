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
/// The steps every record write shares, whatever the operation: validate → before-hooks → write → rule check →
/// publish after commit. Create, update, delete and batches run their own write and rule check between the two steps
/// here, so hooks see every write the same way and no committed write goes unannounced or uncounted.
/// </summary>
internal sealed class RecordWritePipeline(
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
    /// Runs the before-hooks of <paramref name="operation"/> inside the write's transaction. Returns the data as the
    /// hooks left it, to be validated again, or <c>null</c> when no hook is registered (the data is then unchanged).
    /// </summary>
    public async ValueTask<JsonObject?> RunBeforeHooksAsync(
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
    public void PublishOnCommit(DbSession session, RecordOperation operation, RecordView view, RecordView? previous, RecordCaller caller, DateTimeOffset now)
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
            if (sink.IsListening)
            {
                var commit = new RecordCommit(operation, view, previous, caller, now);
                session.OnCommitted(() => sink.OnCommitted(commit));
            }
        }

        // Nobody listening: skip building the payload. A handler registered later sees later writes.
        var hooked = !hooks.After(type, collectionName).IsEmpty || !hooks.Any().IsEmpty;
        if (!hooked && !outbox.IsWanted)
        {
            return;
        }

        var @event = new RecordEvent(type, collectionName, view.Id, view.ToJson(false), previous?.ToJson(false), caller.Actor, now);
        outbox.Append(session, @event);
        if (hooked)
        {
            events.PublishOnCommit(session, @event);
        }
    }
}
