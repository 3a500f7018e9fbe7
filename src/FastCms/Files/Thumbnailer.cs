using System.Collections.Concurrent;
using System.Diagnostics;
using FastCms.Collections;
using FastCms.Records.Files;
using FastCms.Storage;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace FastCms.Files;

/// <summary>
/// Thumbnails of images, made with SkiaSharp on first request and kept in the storage backend under
/// <c>{collectionId}/{recordId}/thumbs/{fileName}/{size}.{ext}</c>, so they are made once for all instances and removed
/// with their file. An image that cannot be read, or whose pixel count is over the limit, gets no thumbnail: the
/// original is served and the reason logged.
/// </summary>
internal sealed class Thumbnailer(IFileStorage storage, IOptions<FilesOptions> options, ILogger<Thumbnailer> logger)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _making = new(StringComparer.Ordinal);

    /// <summary>The stored thumbnail (made now if needed), or <c>null</c> when the original should be served.</summary>
    public async Task<StoredObject?> GetAsync(string collectionName, string fileKey, string fileName, string contentType, ThumbSize size, CancellationToken cancellationToken)
    {
        if (!ContentSniffer.IsImage(contentType))
        {
            return null;
        }

        var format = contentType is "image/jpeg" ? SKEncodedImageFormat.Jpeg : contentType is "image/webp" ? SKEncodedImageFormat.Webp : SKEncodedImageFormat.Png;
        var slash = fileKey.LastIndexOf('/');
        var key = $"{fileKey[..slash]}/{FileNames.ThumbFolder}/{fileName}/{size.Text}.{format.ToString().ToLowerInvariant()}";
        if (await storage.StatAsync(key, cancellationToken) is { } cached)
        {
            return cached;
        }

        var gate = _making.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (await storage.StatAsync(key, cancellationToken) is { } madeMeanwhile)
            {
                return madeMeanwhile;
            }

            var clock = Stopwatch.StartNew();
            var (bytes, result) = await MakeAsync(fileKey, size, format, cancellationToken);
            if (bytes is not null)
            {
                await storage.WriteAsync(key, new MemoryStream(bytes), ContentSniffer.TypeOfExtension(Path.GetExtension(key)), cancellationToken);
            }

            FileMetrics.ThumbnailGenerated(collectionName, result, clock.Elapsed);
            return bytes is null ? null : await storage.StatAsync(key, cancellationToken);
        }
        finally
        {
            gate.Release();
            _making.TryRemove(KeyValuePair.Create(key, gate));
        }
    }

    private async Task<(byte[]? Bytes, string Result)> MakeAsync(string fileKey, ThumbSize size, SKEncodedImageFormat format, CancellationToken cancellationToken)
    {
        await using var source = await storage.OpenReadAsync(fileKey, 0, null, cancellationToken);
        if (source is null)
        {
            return (null, "missing");
        }

        using var buffer = new MemoryStream();
        await source.CopyToAsync(buffer, cancellationToken);
        using var data = SKData.CreateCopy(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        using var codec = SKCodec.Create(data);
        if (codec is null || codec.Info.Width <= 0 || codec.Info.Height <= 0)
        {
            logger.LogWarning("No thumbnail for {Key}: the image cannot be read; serving the original", fileKey);
            return (null, "failed");
        }

        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if ((long)width * height > options.Value.MaxThumbSourcePixels)
        {
            logger.LogWarning("No thumbnail for {Key}: {Width}x{Height} is over the pixel limit (FastCms:Files:MaxThumbSourcePixels); serving the original", fileKey, width, height);
            return (null, "too_large");
        }

        var bytes = ThumbnailMath.Render(codec, size, format);
        if (bytes is null)
        {
            logger.LogWarning("No thumbnail for {Key}: the image data is damaged; serving the original", fileKey);
        }

        return (bytes, bytes is null ? "failed" : "ok");
    }
}
