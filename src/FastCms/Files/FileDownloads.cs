using FastCms.Collections;
using FastCms.Records;
using FastCms.Records.Files;
using FastCms.Storage;
using Microsoft.Net.Http.Headers;

namespace FastCms.Files;

/// <summary>
/// Writes a stored object to the response with the headers that make it cacheable and resumable: <c>ETag</c>,
/// <c>Last-Modified</c>, conditional requests (304), one byte range (206/416), and a disposition that never lets a
/// browser run HTML, SVG, XML or JavaScript from the API's origin.
/// </summary>
internal static class FileDownloads
{
    public static async Task<IResult> ServeAsync(HttpContext http, IFileStorage storage, ResolvedFile file, bool attachment, string collection)
    {
        var request = http.Request;
        var response = http.Response;
        var stored = file.Stored;
        var etag = file.ETag;
        var lastModified = file.LastModified;
        response.Headers.ETag = etag.Tag.Value;
        response.Headers.LastModified = file.LastModifiedText;
        response.Headers.CacheControl = file.Shared ? "public, max-age=86400" : "private, max-age=3600";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.AcceptRanges = "bytes";
        if (file.IsActive)
        {
            response.Headers.ContentSecurityPolicy = "sandbox";
        }

        response.Headers.ContentDisposition = file.Disposition(attachment);

        var requestHeaders = request.GetTypedHeaders();
        if (requestHeaders.IfNoneMatch is { Count: > 0 } noneMatch
            ? noneMatch.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(etag, useStrongComparison: false))
            : requestHeaders.IfModifiedSince is { } since && lastModified <= since)
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        long offset = 0;
        var length = stored.Length;
        var status = StatusCodes.Status200OK;
        if (RangeApplies(requestHeaders, etag, lastModified) && requestHeaders.Range is { Unit.Value: "bytes", Ranges.Count: 1 } range)
        {
            var item = range.Ranges.First();
            if (!TryResolve(item.From, item.To, stored.Length, out offset, out length))
            {
                response.Headers.ContentRange = $"bytes */{stored.Length}";
                return TypedResults.Problem(detail: $"The range is outside the file's {stored.Length} bytes.", statusCode: StatusCodes.Status416RangeNotSatisfiable);
            }

            status = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = $"bytes {offset}-{offset + length - 1}/{stored.Length}";
        }

        await using var content = await storage.OpenReadAsync(stored.Key, offset, length, http.RequestAborted);
        if (content is null)
        {
            return TypedResults.Problem(detail: "The file is gone.", statusCode: StatusCodes.Status404NotFound);
        }

        response.StatusCode = status;
        response.ContentType = file.ContentType;
        response.ContentLength = length;
        if (!HttpMethods.IsHead(request.Method))
        {
            await content.CopyToAsync(response.Body, 64 * 1024, http.RequestAborted);
            FileMetrics.Served(collection, length);
        }

        return TypedResults.Empty;
    }

    private static bool RangeApplies(Microsoft.AspNetCore.Http.Headers.RequestHeaders headers, EntityTagHeaderValue etag, DateTimeOffset lastModified) => headers.IfRange switch
    {
        null => true,
        { EntityTag: { } tag } => tag.Compare(etag, useStrongComparison: true),
        { LastModified: { } date } => lastModified <= date,
        _ => false,
    };

    private static bool TryResolve(long? from, long? to, long size, out long offset, out long length)
    {
        (offset, length) = (0, 0);
        if (from is null)
        {
            if (to is not > 0 || size == 0)
            {
                return false;
            }

            offset = Math.Max(0, size - to.Value);
        }
        else
        {
            if (from >= size)
            {
                return false;
            }

            offset = from.Value;
        }

        var end = from is null || to is null ? size - 1 : Math.Min(to.Value, size - 1);
        length = end - offset + 1;
        return length > 0;
    }

    /// <summary>Which file field of <paramref name="record"/> holds <paramref name="name"/>, if any.</summary>
    public static FieldDefinition? FieldHolding(RecordView record, string name) =>
        record.Projection.Fields.Select(i => record.Collection.Fields[i])
            .FirstOrDefault(f => f.Type == FieldType.File && RecordFiles.Names(record[f.Name]).Contains(name));
}
