using FastCms.Plugins.Events;

namespace FastCms.Records.Files;

/// <summary>A file stored for a write that has not committed yet.</summary>
internal sealed record PendingUpload(
    string Field, string Name, string OriginalName, long Size, string ContentType, int? Width, int? Height, string Key, string ReservationId)
{
    public RecordFileUpload Describe() => new(Field, Name, OriginalName, Size, ContentType, Width, Height);
}

/// <summary>
/// The uploads of one record write, from the moment their bytes are stored until the write commits or fails. The
/// write path finds it through the async flow of the request, tied to one collection and record, so that writes a hook
/// makes to other records do not mistake these uploads for theirs.
/// </summary>
internal sealed class UploadScope(string collectionId, string recordId) : IDisposable
{
    private static readonly AsyncLocal<UploadScope?> Ambient = new();

    private UploadScope? _outer;

    public string CollectionId { get; } = collectionId;

    public string RecordId { get; } = recordId;

    public List<PendingUpload> Files { get; } = [];

    public static UploadScope? For(string collectionId, string recordId) =>
        Ambient.Value is { } scope && scope.CollectionId == collectionId && scope.RecordId == recordId ? scope : null;

    /// <summary>The record id a create in <paramref name="collectionId"/> should use: the one its uploads are stored under.</summary>
    public static string? ReservedId(string collectionId) =>
        Ambient.Value is { } scope && scope.CollectionId == collectionId && !scope._idTaken && (scope._idTaken = true) ? scope.RecordId : null;

    private bool _idTaken;

    /// <summary>Makes this scope the current one until disposed.</summary>
    public UploadScope Enter(bool isCreate)
    {
        _idTaken = !isCreate;
        _outer = Ambient.Value;
        Ambient.Value = this;
        return this;
    }

    public void Dispose() => Ambient.Value = _outer;
}
