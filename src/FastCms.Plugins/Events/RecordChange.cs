using System.Text.Json.Nodes;

namespace FastCms.Plugins.Events;

/// <summary>The kind of record write a before-hook is asked about.</summary>
public enum RecordOperation
{
    /// <summary>A new record is being inserted.</summary>
    Create,

    /// <summary>An existing record is being changed.</summary>
    Update,

    /// <summary>An existing record is being deleted.</summary>
    Delete,
}

/// <summary>
/// A record write that has not happened yet, handed to before-hooks (<c>OnRecordCreating</c>, …) inside the
/// write's database transaction. A hook may change <see cref="Data"/> (the values that will be written) or
/// stop the write with <see cref="Reject"/>; then nothing is written and the caller gets <c>400</c> with the
/// message.
/// </summary>
public sealed class RecordChange
{
    /// <summary>Creates a change description. The host creates these; plugins receive them.</summary>
    /// <param name="operation">The kind of write.</param>
    /// <param name="collection">The collection name.</param>
    /// <param name="recordId">The id of the record (already assigned for creates).</param>
    /// <param name="data">The values to write (see <see cref="Data"/>).</param>
    /// <param name="previous">The stored record for updates and deletes.</param>
    /// <param name="actor">Who makes the write.</param>
    /// <param name="services">Services scoped to the write.</param>
    public RecordChange(
        RecordOperation operation,
        string collection,
        string recordId,
        JsonObject data,
        JsonObject? previous,
        EventActor actor,
        IServiceProvider services)
    {
        Operation = operation;
        Collection = collection;
        RecordId = recordId;
        Data = data;
        Previous = previous;
        Actor = actor;
        Services = services;
    }

    /// <summary>The kind of write.</summary>
    public RecordOperation Operation { get; }

    /// <summary>The collection name.</summary>
    public string Collection { get; }

    /// <summary>The record id; for creates it is already assigned.</summary>
    public string RecordId { get; }

    /// <summary>
    /// The field values that will be written, keyed by field name. For creates: every submitted field;
    /// for updates: only the changed fields (numeric modifiers appear as <c>"views+"</c>/<c>"views-"</c>);
    /// for deletes: empty. Hooks may add, change or remove entries; the result is validated again before it
    /// is written.
    /// </summary>
    public JsonObject Data { get; }

    /// <summary>
    /// The names of the collection's fields (not counting <c>id</c>, <c>created</c>, <c>updated</c>). A hook that
    /// fills an optional field checks here first: data for a field the collection lacks is refused.
    /// </summary>
    public IReadOnlyCollection<string> Fields { get; init; } = [];

    /// <summary>
    /// The files this write uploads, already stored under the names <see cref="Data"/> holds (empty when it uploads
    /// none). A hook may check their sizes, types or image dimensions and <see cref="Reject"/> the write: the stored
    /// bytes are then removed and the record keeps its previous files.
    /// </summary>
    public IReadOnlyList<RecordFileUpload> Files { get; init; } = [];

    /// <summary>The stored record before the write (updates and deletes); <c>null</c> for creates.</summary>
    public JsonObject? Previous { get; }

    /// <summary>Who makes the write.</summary>
    public EventActor Actor { get; }

    /// <summary>Services scoped to this write (for example the plugin's database context joined to the write's transaction).</summary>
    public IServiceProvider Services { get; }

    /// <summary>Stops the write: nothing is written and the caller receives <c>400</c> with <paramref name="message"/>.</summary>
    /// <param name="message">A message for the API caller saying why the write was refused.</param>
    /// <exception cref="RecordRejectedException">Always; let it propagate.</exception>
    public void Reject(string message) => throw new RecordRejectedException(message);
}

/// <summary>A file uploaded by a record write, as before-hooks see it.</summary>
/// <param name="Field">The file field it is uploaded to.</param>
/// <param name="Name">The stored name (what the field's value holds).</param>
/// <param name="OriginalName">The name the client sent.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="ContentType">The type decided from its content, not from the client's header.</param>
/// <param name="Width">For images the host can read: the width in pixels; otherwise <c>null</c>.</param>
/// <param name="Height">For images the host can read: the height in pixels; otherwise <c>null</c>.</param>
public sealed record RecordFileUpload(string Field, string Name, string OriginalName, long Size, string ContentType, int? Width, int? Height);

/// <summary>
/// Thrown by a before-hook (directly or through <see cref="RecordChange.Reject"/>) to refuse a write. The
/// transaction is rolled back and the API caller receives <c>400</c> with the message.
/// </summary>
/// <param name="message">A message for the API caller saying why the write was refused.</param>
public sealed class RecordRejectedException(string message) : Exception(message);

/// <summary>A before-hook: runs inside the write's transaction before the record is written.</summary>
/// <param name="change">The pending write; may be modified or rejected.</param>
/// <param name="cancellationToken">Cancelled when the request is aborted.</param>
/// <returns>A task that completes when the hook is done.</returns>
public delegate ValueTask RecordChangeHandler(RecordChange change, CancellationToken cancellationToken);

/// <summary>An after-hook: runs once the write has committed, off the request path.</summary>
/// <param name="recordEvent">The committed change.</param>
/// <param name="cancellationToken">Cancelled when the server shuts down beyond its drain timeout.</param>
/// <returns>A task that completes when the hook is done.</returns>
public delegate ValueTask RecordEventHandler(RecordEvent recordEvent, CancellationToken cancellationToken);

/// <summary>A handler for every committed event (records and collections).</summary>
/// <param name="fastCmsEvent">The committed change.</param>
/// <param name="cancellationToken">Cancelled when the server shuts down beyond its drain timeout.</param>
/// <returns>A task that completes when the handler is done.</returns>
public delegate ValueTask FastCmsEventHandler(FastCmsEvent fastCmsEvent, CancellationToken cancellationToken);
