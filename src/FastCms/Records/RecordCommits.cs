using FastCms.Plugins.Events;

namespace FastCms.Records;

/// <summary>
/// A record write that has committed: the record as written, every field, hidden ones too (for a delete, the record as
/// it was before the delete), and for updates the record before. Receivers must treat the views as read-only: the same
/// instances answer the request.
/// </summary>
internal sealed record RecordCommit(RecordOperation Operation, RecordView Record, RecordView? Previous, RecordCaller Caller, DateTimeOffset At);

/// <summary>
/// Receives committed record writes in commit order, for areas above Content (realtime) that must not be referenced
/// from the write path. <see cref="IsListeningTo"/> is asked on every write before anything is built, so a receiver
/// with nobody to tell about that collection costs one lookup.
/// </summary>
internal interface IRecordCommitSink
{
    /// <summary>Whether a write to record <paramref name="recordId"/> of <paramref name="collection"/> (its name) has anybody to reach.</summary>
    bool IsListeningTo(string collection, string recordId);

    /// <summary>Called right after the commit, on the committing thread: hand the work off, never block or throw.</summary>
    void OnCommitted(RecordCommit commit);
}
