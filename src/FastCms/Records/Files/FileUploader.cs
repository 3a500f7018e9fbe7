using FastCms.Collections;
using FastCms.Storage;
using Microsoft.Extensions.Options;

namespace FastCms.Records.Files;

/// <summary>
/// Stores one upload for a record write that has not run yet: sniffs its type from the first bytes, checks it against
/// the field, gives it a safe unique name, reserves its cleanup and streams it to the backend with the size limit
/// enforced while reading. The write then keeps it (<see cref="RecordFiles"/>) or <see cref="DiscardAsync"/> drops it.
/// </summary>
internal sealed class FileUploader(IFileStorage storage, FileCleanup cleanup, IOptions<FilesOptions> options, ILogger<FileUploader> logger)
{
    public long LimitFor(FieldDefinition field) => Math.Min(field.MaxSize ?? FileFieldRules.DefaultMaxSize, options.Value.MaxFileSize);

    public async Task<PendingUpload> StoreAsync(
        CompiledCollection collection, string recordId, FieldDefinition field, string? originalName, Stream content, CancellationToken cancellationToken)
    {
        var original = Path.GetFileName((originalName ?? "").Replace('\\', '/'));
        var head = new byte[ContentSniffer.HeadLength];
        var headLength = await content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        var type = ContentSniffer.Detect(head.AsSpan(0, headLength), original);
        if (TypeProblem(field, type, original) is { } problem)
        {
            throw new RecordValidationException(RecordWriteChecks.Errors(field.Name, problem));
        }

        var limit = LimitFor(field);
        var name = FileNames.Create(original, type);
        var key = FileNames.Key(collection.Id, recordId, name);
        var reservation = await cleanup.ReserveAsync(key, cancellationToken);
        var upload = new UploadStream(head, headLength, content, limit, () => new RecordProblemException(
            StatusCodes.Status413PayloadTooLarge, $"'{original}' is larger than {FileSizes.Format(limit)}, the most '{field.Name}' accepts."));
        try
        {
            await storage.WriteAsync(key, upload, type, cancellationToken);
        }
        catch
        {
            await cleanup.DiscardAsync([(key, reservation)]);
            throw;
        }

        var dimensions = ContentSniffer.IsImage(type) ? await ProbeAsync(key, cancellationToken) : null;
        FileMetrics.Uploaded(collection.Name, upload.BytesRead);
        logger.LogDebug("Stored {Key} ({Bytes} bytes, {ContentType}) for {Collection}", key, upload.BytesRead, type, collection.Name);
        return new PendingUpload(field.Name, name, original, upload.BytesRead, type, dimensions?.Width, dimensions?.Height, key, reservation);
    }

    /// <summary>Removes the uploads of a write that failed.</summary>
    public Task DiscardAsync(IEnumerable<PendingUpload> uploads) => cleanup.DiscardAsync([.. uploads.Select(u => (u.Key, u.ReservationId))]);

    private static string? TypeProblem(FieldDefinition field, string type, string original)
    {
        var allowed = field.MimeTypes ?? [];
        if (allowed.Count > 0)
        {
            return FileFieldRules.Allows(allowed, type) ? null : $"'{original}' is {type}; '{field.Name}' accepts {string.Join(", ", allowed)}.";
        }

        return ContentSniffer.IsActive(type) || ContentSniffer.IsExecutable(type)
            ? $"'{original}' is {type}, which is not accepted unless the field lists it in mime_types."
            : null;
    }

    private async Task<(int Width, int Height)?> ProbeAsync(string key, CancellationToken cancellationToken)
    {
        await using var stream = await storage.OpenReadAsync(key, 0, ImageProbe.HeaderBytes, cancellationToken);
        if (stream is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return ImageProbe.Dimensions(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }
}

/// <summary>Byte counts as people read them in messages.</summary>
internal static class FileSizes
{
    public static string Format(long bytes) => bytes switch
    {
        >= 1024 * 1024 when bytes % (1024 * 1024) == 0 => $"{bytes / (1024 * 1024)} MiB",
        >= 1024 when bytes % 1024 == 0 => $"{bytes / 1024} KiB",
        _ => $"{bytes} bytes",
    };
}
