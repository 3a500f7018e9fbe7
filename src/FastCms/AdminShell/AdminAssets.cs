using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace FastCms.AdminShell;

/// <summary>
/// The admin UI's CSS, scripts and fonts, served from the folder next to the assembly under
/// <c>/admin/assets</c>. Links carry a content hash (<c>?v=…</c>), so browsers may cache them for a year.
/// </summary>
internal sealed class AdminAssets
{
    public const string RequestPath = "/admin/assets";

    private readonly ConcurrentDictionary<string, string> _urls = new(StringComparer.Ordinal);

    public AdminAssets(string root)
    {
        Root = root;
        Files = Directory.Exists(root) ? new PhysicalFileProvider(root) : new NullFileProvider();
    }

    public string Root { get; }

    public IFileProvider Files { get; }

    public static AdminAssets FromAppDirectory() => new(Path.Combine(AppContext.BaseDirectory, "Admin", "wwwroot"));

    /// <summary>The URL of an asset (path relative to the assets folder) with its content hash.</summary>
    public string Url(string path) => _urls.GetOrAdd(path, p =>
    {
        var file = Files.GetFileInfo(p);
        if (!file.Exists || file.PhysicalPath is null)
        {
            return $"{RequestPath}/{p}";
        }

        using var stream = File.OpenRead(file.PhysicalPath);
        var hash = Convert.ToHexStringLower(SHA256.HashData(stream))[..12];
        return $"{RequestPath}/{p}?v={hash}";
    });

    public StaticFileOptions StaticFileOptions() => new()
    {
        RequestPath = RequestPath,
        FileProvider = Files,
        OnPrepareResponse = context =>
        {
            var versioned = context.Context.Request.Query.ContainsKey("v");
            context.Context.Response.Headers.CacheControl = versioned
                ? "public, max-age=31536000, immutable"
                : "no-cache";
            context.Context.Response.Headers[HeaderNames.Vary] = "Accept-Encoding";
        },
    };
}
