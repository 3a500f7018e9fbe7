using System.Text.Json.Nodes;
using FastCms.Collections;
using FastCms.Data;
using FastCms.Plugins.Events;

namespace FastCms.Records;

/// <summary>
/// One operation's part of a record write, the part <see cref="RecordWritePipeline.RunAsync"/> cannot know: how the
/// record is found, what the before-hooks see and change, and the statement that writes it. One instance serves one
/// write.
/// </summary>
internal interface IRecordWrite
{
    RecordOperation Operation { get; }

    CompiledCollection Collection { get; }

    string Id { get; }

    RecordCaller Caller { get; }

    /// <summary>
    /// The record as it is, when the caller may change it; <c>null</c> when it does not exist or the rule hides it.
    /// Not called for creates.
    /// </summary>
    Task<RecordView?> LoadAsync(DbSession session, CancellationToken cancellationToken);

    /// <summary>The data the before-hooks see (and may change).</summary>
    JsonObject HookData();

    /// <summary>Takes the data as the before-hooks left it, validating it again.</summary>
    void Accept(JsonObject changed, RecordView? previous);

    /// <summary>Writes the record and checks the operation's rule against the result; returns the record to publish.</summary>
    Task<RecordView> WriteAsync(DbSession session, RecordView? previous, DateTimeOffset now, CancellationToken cancellationToken);
}
