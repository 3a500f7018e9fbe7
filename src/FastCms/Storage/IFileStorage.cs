namespace FastCms.Storage;

/// <summary>
/// Where uploaded files and their thumbnails live: a folder on disk or an S3-compatible bucket. Keys are relative,
/// slash-separated paths such as <c>{collectionId}/{recordId}/{fileName}</c>; a backend never lets a key reach
/// outside its root. Writes replace an existing object with the same key.
/// </summary>
internal interface IFileStorage
{
    /// <summary>The backend's configuration name: <c>local</c> or <c>s3</c>.</summary>
    string Name { get; }

    /// <summary>Stores <paramref name="content"/> (read to its end) under <paramref name="key"/>.</summary>
    Task WriteAsync(string key, Stream content, string contentType, CancellationToken cancellationToken);

    /// <summary>The object's size and modification time, or <c>null</c> when there is none.</summary>
    Task<StoredObject?> StatAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Opens the object for reading from <paramref name="offset"/>, at most <paramref name="length"/> bytes (to the end
    /// when <c>null</c>), or answers <c>null</c> when there is none. The caller disposes the stream.
    /// </summary>
    Task<Stream?> OpenReadAsync(string key, long offset, long? length, CancellationToken cancellationToken);

    /// <summary>Removes the object; a missing object is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>Every object whose key starts with <paramref name="prefix"/> (all objects for an empty prefix).</summary>
    IAsyncEnumerable<StoredObject> ListAsync(string prefix, CancellationToken cancellationToken);
}

/// <summary>An object in an <see cref="IFileStorage"/>.</summary>
internal sealed record StoredObject(string Key, long Length, DateTimeOffset LastModified);
