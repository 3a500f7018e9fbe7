namespace FastCms.Plugins;

/// <summary>
/// The files of records, for plugins and hook scripts, acting as the system (access rules do not apply). Take it as a
/// route handler parameter (<c>IRecordFiles files</c>), use <c>ctx.Files</c>, or resolve it from <c>change.Services</c>
/// or <c>job.Services</c>. Attaching and deleting are record updates: they run the collection's hooks, and the bytes of
/// a replaced or removed file are deleted only after the update commits.
/// </summary>
public interface IRecordFiles
{
    /// <summary>A stored file's size, type and time, or <c>null</c> when the record has no such file.</summary>
    /// <param name="collection">The collection name.</param>
    /// <param name="recordId">The record id.</param>
    /// <param name="fileName">The stored name, as the file field's value holds it.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The file's description.</returns>
    Task<RecordFileInfo?> GetAsync(string collection, string recordId, string fileName, CancellationToken cancellationToken = default);

    /// <summary>Opens a stored file for reading, or answers <c>null</c> when the record has no such file. Dispose the stream.</summary>
    /// <param name="collection">The collection name.</param>
    /// <param name="recordId">The record id.</param>
    /// <param name="fileName">The stored name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The file's bytes.</returns>
    Task<Stream?> OpenReadAsync(string collection, string recordId, string fileName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores <paramref name="content"/> and attaches it to a file field of a record: appended to a multi-file field,
    /// replacing the file of a single-file field. The field's type and size limits apply as to an upload.
    /// </summary>
    /// <param name="collection">The collection name.</param>
    /// <param name="recordId">The record id.</param>
    /// <param name="field">The file field.</param>
    /// <param name="fileName">The original name; the stored name is derived from it.</param>
    /// <param name="content">The bytes, read to the end.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>The stored name.</returns>
    /// <exception cref="RecordsException">The record or field does not exist, or the file is refused (type, size).</exception>
    Task<string> AttachAsync(string collection, string recordId, string field, string fileName, Stream content, CancellationToken cancellationToken = default);

    /// <summary>Removes a file from the record's field; its bytes are deleted once the update commits.</summary>
    /// <param name="collection">The collection name.</param>
    /// <param name="recordId">The record id.</param>
    /// <param name="fileName">The stored name.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns><c>false</c> when the record has no such file.</returns>
    Task<bool> DeleteAsync(string collection, string recordId, string fileName, CancellationToken cancellationToken = default);
}

/// <summary>A stored file of a record.</summary>
/// <param name="Field">The file field holding it.</param>
/// <param name="Name">The stored name.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="ContentType">Its type, decided from its content when it was uploaded.</param>
/// <param name="LastModified">When it was stored.</param>
public sealed record RecordFileInfo(string Field, string Name, long Size, string ContentType, DateTimeOffset LastModified);
