using FastCms.Plugins.Events;

namespace FastCms.Kernel;

/// <summary>
/// The one mapping from a record operation to the event it publishes and the label its metrics carry, so that hooks,
/// the outbox and the metrics can never disagree on how an operation is spelled.
/// </summary>
internal static class RecordOperationNames
{
    /// <summary>The event a committed write publishes: <c>record.created</c>, <c>record.updated</c> or <c>record.deleted</c>.</summary>
    public static string EventName(this RecordOperation operation) => operation switch
    {
        RecordOperation.Create => EventTypes.RecordCreated,
        RecordOperation.Update => EventTypes.RecordUpdated,
        _ => EventTypes.RecordDeleted,
    };

    /// <summary>The <c>op</c> label of the record metrics: <c>create</c>, <c>update</c> or <c>delete</c>.</summary>
    public static string MetricLabel(this RecordOperation operation) => operation switch
    {
        RecordOperation.Create => "create",
        RecordOperation.Update => "update",
        _ => "delete",
    };
}
