using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.FileProviders;

namespace FastCms.AdminShell;

/// <summary>
/// The admin UI's CSS, scripts and fonts, served from the folder next to the assembly under
/// <c>/admin/assets</c>. Links carry a content hash (<c>?v=…</c>); a request with the current hash may be cached for a
/// year without asking again, any other (an old hash, none) is revalidated. Text files go out compressed by the build
/// (<see cref="ContentEncodings"/>).
/// </summary>
internal sealed class AdminAssets
{
    public const string RequestPath = "/admin/assets";

    private const string ImmutableCaching = "public, max-age=31536000, immutable";

    private readonly ConcurrentDictionary<string, string?> _hashes = new(StringComparer.Ordinal);

    public AdminAssets(string root)
    {
        Root = root;
        Files = Directory.Exists(root) ? new PhysicalFileProvider(root) : new NullFileProvider();
    }

    public string Root { get; }

    public IFileProvider Files { get; }

    public static AdminAssets FromAppDirectory() => new(Path.Combine(AppContext.BaseDirectory, "Admin", "wwwroot"));

    /// <summary>The URL of an asset (path relative to the assets folder) with its content hash.</summary>
    public string Url(string path) => Hash(path) is { } hash ? $"{RequestPath}/{path}?v={hash}" : $"{RequestPath}/{path}";

    /// <summary>Cache-Control for a response to a request whose <c>v</c> is <paramref name="currentHash"/> or not.</summary>
    public static string Caching(HttpRequest request, string? currentHash) =>
        currentHash is not null && request.Query["v"] == currentHash ? ImmutableCaching : "no-cache";

    public StaticFileOptions StaticFileOptions() => new()
    {
        RequestPath = RequestPath,
        FileProvider = Files,
        ContentTypeProvider = ContentEncodings.ContentTypes,
        OnPrepareResponse = context =>
        {
            var requested = ContentEncodings.RequestedPath(context.Context).Value![(RequestPath.Length + 1)..];
            context.Context.Response.Headers.CacheControl = Caching(context.Context.Request, Hash(requested));
            ContentEncodings.Label(context.Context);
        },
    };

    private string? Hash(string path) => _hashes.GetOrAdd(path, p =>
    {
        var file = Files.GetFileInfo(p);
        if (!file.Exists || file.PhysicalPath is null)
        {
            return null;
        }

        using var stream = File.OpenRead(file.PhysicalPath);
        return Convert.ToHexStringLower(SHA256.HashData(stream))[..12];
    });
}
