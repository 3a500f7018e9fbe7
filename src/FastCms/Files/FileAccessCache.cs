using System.Collections.Concurrent;
using FastCms.Collections;
using FastCms.Records;
using FastCms.Records.Files;
using FastCms.Storage;
using Microsoft.Net.Http.Headers;

namespace FastCms.Files;

/// <summary>
/// A download resolved: the object to send, how to label it, and whether shared caches may keep it. The validators and
/// the disposition are formatted once here, since a remembered file is sent many times.
/// </summary>
internal sealed record ResolvedFile(StoredObject Stored, string ContentType, bool Shared, string DownloadName)
{
    public EntityTagHeaderValue ETag { get; } = new($"\"{Stored.Length:x}-{Stored.LastModified.UtcTicks:x}\"");

    /// <summary>To the second, as HTTP dates are.</summary>
    public DateTimeOffset LastModified { get; } = new(Stored.LastModified.UtcTicks - (Stored.LastModified.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    public string LastModifiedText => field ??= HeaderUtilities.FormatDate(LastModified);

    /// <summary>HTML, SVG, XML and JavaScript would run in the API's origin if shown inline: they are always attachments.</summary>
    public bool IsActive { get; } = ContentSniffer.IsActive(ContentType);

    public string Disposition(bool attachment) => attachment || IsActive
        ? _attachment ??= Format("attachment", DownloadName)
        : _inline ??= Format("inline", DownloadName);

    private string? _attachment;
    private string? _inline;

    private static string Format(string type, string name)
    {
        var disposition = new ContentDispositionHeaderValue(type);
        disposition.SetHttpFileName(name);
        return disposition.ToString();
    }
}

/// <summary>
/// Remembers what a download resolved to when the answer cannot depend on who asks: the collection's view rule is
/// public (or the caller is an admin, who bypasses rules) and the file is not protected. Reading the record for
/// every download of a popular image would otherwise cost more than sending it. An entry holds while no write to
/// the collection has committed on this instance since the record was read (the same write generation the list
/// counts use), while the schema is unchanged, and for at most <see cref="CountCache.Lifetime"/>, which bounds how
/// long a write made by another instance can go unseen. Only found files are remembered; a miss always asks again.
/// </summary>
internal sealed class FileAccessCache(CountCache generations)
{
    private const int MaxEntries = 8192;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Whether a download of <paramref name="collection"/> by <paramref name="caller"/> may use the cache.</summary>
    public static bool Applies(CompiledCollection collection, RecordCaller caller, string? token) =>
        token is null && (caller.BypassesRules || collection.ViewRule.IsPublic);

    /// <summary>
    /// The cache key. Admins see hidden fields (and so hidden file fields), everyone else the public ones: two
    /// classes of caller, each with one answer.
    /// </summary>
    public static string Key(string collection, string recordId, string fileName, string? thumb, RecordCaller caller) =>
        $"{collection}/{recordId}/{fileName}?{thumb}|{(caller.BypassesRules ? "admin" : "public")}";

    /// <summary>The write generation to pass to <see cref="Remember"/>; read it before reading the record.</summary>
    public long Generation(string collectionId) => generations.Generation(collectionId);

    public ResolvedFile? Find(string key, string collectionId, long schemaVersion) =>
        _entries.TryGetValue(key, out var entry) && entry.SchemaVersion == schemaVersion
        && entry.Generation == generations.Generation(collectionId)
        && Environment.TickCount64 - entry.ResolvedAt < (long)CountCache.Lifetime.TotalMilliseconds
            ? entry.File
            : null;

    public void Remember(string key, long schemaVersion, long generation, ResolvedFile file)
    {
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[key] = new Entry(file, schemaVersion, generation, Environment.TickCount64);
    }

    private sealed record Entry(ResolvedFile File, long SchemaVersion, long Generation, long ResolvedAt);
}
