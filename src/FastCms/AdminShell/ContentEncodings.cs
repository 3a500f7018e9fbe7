using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace FastCms.AdminShell;

/// <summary>
/// Sending assets compressed ahead of time: the build writes <c>x.css.br</c> and <c>x.css.gz</c> next to
/// <c>x.css</c>, and a request for <c>x.css</c> from a browser that accepts Brotli (else gzip) gets that file with
/// <c>Content-Encoding</c>; the compressed files are never served under their own names.
/// </summary>
internal static class ContentEncodings
{
    private static readonly (string Encoding, string Extension)[] Preferred = [("br", ".br"), ("gzip", ".gz")];
    private static readonly object EncodingKey = new();

    public static IContentTypeProvider ContentTypes { get; } = new EncodedContentTypes();

    /// <summary>The best encoding the request accepts among those <paramref name="available"/> says exist, or null.</summary>
    public static string? Choose(HttpRequest request, Func<string, bool> available)
    {
        if (!StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptEncoding, out var accepted))
        {
            return null;
        }

        foreach (var (encoding, _) in Preferred)
        {
            var quality = accepted.FirstOrDefault(a => a.Value.Equals(encoding, StringComparison.OrdinalIgnoreCase))
                ?? accepted.FirstOrDefault(a => a.Value == "*");
            if (quality is not null && quality.Quality is null or > 0 && available(encoding))
            {
                return encoding;
            }
        }

        return null;
    }

    /// <summary>
    /// Points an asset request at its compressed copy when there is one the browser accepts; answers 404 for a direct
    /// request of a compressed copy. Returns false when the request is answered.
    /// </summary>
    public static bool SelectFile(HttpContext context, Microsoft.Extensions.FileProviders.IFileProvider files, PathString requestPath)
    {
        if (!context.Request.Path.StartsWithSegments(requestPath, out var subpath) || !subpath.HasValue)
        {
            return true;
        }

        if (Preferred.Any(p => subpath.Value!.EndsWith(p.Extension, StringComparison.OrdinalIgnoreCase)))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return false;
        }

        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            return true;
        }

        var encoding = Choose(context.Request, e => files.GetFileInfo(subpath.Value + Extension(e)).Exists);
        if (encoding is not null)
        {
            context.Items[EncodingKey] = encoding;
            context.Request.Path = new PathString(context.Request.Path.Value + Extension(encoding));
        }

        return true;
    }

    /// <summary>The path the browser asked for (without the compressed copy's extension).</summary>
    public static PathString RequestedPath(HttpContext context) =>
        context.Items[EncodingKey] is string encoding
            ? context.Request.Path.Value![..^Extension(encoding).Length]
            : context.Request.Path;

    /// <summary>Labels a response that sends a compressed copy; every asset response varies by Accept-Encoding.</summary>
    public static void Label(HttpContext context)
    {
        context.Response.Headers.Vary = HeaderNames.AcceptEncoding;
        if (context.Items[EncodingKey] is string encoding)
        {
            context.Response.Headers.ContentEncoding = encoding;
        }
    }

    private static string Extension(string encoding) => Preferred.First(p => p.Encoding == encoding).Extension;

    // `x.css.br` has the type of `x.css`; only reached for copies chosen above, never requested by name.
    private sealed class EncodedContentTypes : IContentTypeProvider
    {
        private readonly FileExtensionContentTypeProvider _types = new();

        public bool TryGetContentType(string subpath, out string contentType)
        {
            var original = Preferred.FirstOrDefault(p => subpath.EndsWith(p.Extension, StringComparison.OrdinalIgnoreCase)) is { Extension: { } extension }
                ? subpath[..^extension.Length]
                : subpath;
            return _types.TryGetContentType(original, out contentType!);
        }
    }
}
