using FastCms.AdminShell;
using FastCms.PluginHost.Loading;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace FastCms.PluginHost.AdminPages;

/// <summary>
/// Serves the files of an active plugin's <c>static/</c> folder at <c>/admin/plugins/{id}/static/…</c> to admins:
/// the CSS, scripts and images its admin pages use (the Content Security Policy allows no inline ones). Nothing
/// outside the folder is reachable — no <c>..</c>, no hidden files, no links leading out.
/// </summary>
internal static class PluginStaticFiles
{
    public const string Folder = "static";

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static IEndpointRouteBuilder MapPluginStaticFiles(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/admin/plugins/{pluginId}" + PluginAdminRoutes.StaticSegment + "/{**file}", [HttpMethods.Get, HttpMethods.Head], Serve)
            .RequireAdminSession()
            .ExcludeFromDescription();
        return app;
    }

    private static IResult Serve(string pluginId, string? file, PluginCatalog catalog, HttpContext http)
    {
        if (catalog.FindActive(pluginId) is not { } plugin || Find(plugin.Path, file) is not { } path)
        {
            return Results.NotFound();
        }

        var info = new FileInfo(path);
        var contentType = ContentTypes.TryGetContentType(path, out var type) ? type : "application/octet-stream";
        http.Response.Headers.CacheControl = "no-cache";
        var etag = new EntityTagHeaderValue($"\"{info.LastWriteTimeUtc.Ticks:x}-{info.Length:x}\"");
        return TypedResults.PhysicalFile(path, contentType, lastModified: info.LastWriteTimeUtc, entityTag: etag, enableRangeProcessing: true);
    }

    /// <summary>Whether <paramref name="path"/> addresses a plugin's static file (cached like a file, not like a page).</summary>
    public static bool IsStaticPath(PathString path) =>
        path.Value is { } value && value.Split('/') is [_, "admin", "plugins", _, "static", ..];

    /// <summary>The file's absolute path when it exists inside the plugin's static folder and is not hidden.</summary>
    public static string? Find(string pluginDirectory, string? file)
    {
        if (string.IsNullOrEmpty(file) || file.Contains('\\', StringComparison.Ordinal) || file.Contains('\0', StringComparison.Ordinal))
        {
            return null;
        }

        var segments = file.Split('/');
        if (segments.Any(s => s.Length == 0 || s.StartsWith('.')))
        {
            return null;
        }

        var root = Path.Combine(pluginDirectory, Folder);
        var path = Path.GetFullPath(Path.Combine([root, .. segments]));
        return PluginDiscovery.IsInside(root, path)
            && File.Exists(path)
            && PluginDiscovery.IsInside(PluginDiscovery.RealPath(root), PluginDiscovery.RealPath(path))
                ? path
                : null;
    }
}
