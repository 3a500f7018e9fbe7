using System.Collections.Immutable;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
namespace FastCms.AdminShell;

/// <summary>
/// The icons active plugins name (sidebar entries aside), for the icon stylesheet. Implemented above the plugin host,
/// which the shell does not use.
/// </summary>
internal interface IPluginIcons
{
    /// <summary>A number that changes whenever the plugins or their templates may name other icons.</summary>
    long Version();

    IEnumerable<IconUse> Uses();
}

/// <summary>
/// The admin's icon stylesheet, <c>/admin/assets/icons.css?v=…</c>: the icons the server's own pages name (listed by
/// the build in <c>Admin/admin-icons.txt</c>), those of plugin sidebar entries, and those named anywhere in an active
/// plugin's files — rebuilt when plugins change, and kept in memory with its Brotli and gzip forms. Without the list
/// or the sprites (a build outside <c>dotnet build</c>), pages link the whole Font Awesome stylesheet instead.
/// </summary>
internal sealed class AdminIcons(AdminAssets assets, AdminPageRegistry registry, IPluginIcons pluginIcons)
{
    public const string Path = AdminAssets.RequestPath + "/icons.css";

    private readonly Lazy<CoreIcons?> _core = new(() => CoreIcons.Load(assets.Root));
    private volatile Snapshot? _snapshot;

    /// <summary>The URL pages link; its hash changes whenever the set of icons does.</summary>
    public string Url => Current() is { } sheet ? $"{Path}?v={sheet.Hash}" : assets.Url("lib/fontawesome/css/all.min.css");

    /// <summary>Answers a request for the stylesheet; false when the request is for something else.</summary>
    public async Task<bool> TryServeAsync(HttpContext context)
    {
        if (context.Request.Path != Path || Current() is not { } sheet)
        {
            return false;
        }

        var response = context.Response;
        response.ContentType = "text/css; charset=utf-8";
        response.Headers.CacheControl = AdminAssets.Caching(context.Request, sheet.Hash);
        response.Headers.ETag = $"\"{sheet.Hash}\"";
        ContentEncodings.Label(context);
        if (context.Request.Headers.IfNoneMatch == response.Headers.ETag)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return true;
        }

        var encoding = ContentEncodings.Choose(context.Request, _ => true);
        var body = encoding switch { "br" => sheet.Brotli, "gzip" => sheet.Gzip, _ => sheet.Plain };
        if (encoding is not null)
        {
            response.Headers.ContentEncoding = encoding;
        }

        response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(body, context.RequestAborted);
        }

        return true;
    }

    private Stylesheet? Current()
    {
        if (_core.Value is not { } core)
        {
            return null;
        }

        var pages = registry.Pages;
        var version = pluginIcons.Version();
        var snapshot = _snapshot;
        if (snapshot is not null && snapshot.Pages == pages && snapshot.PluginsVersion == version)
        {
            return snapshot.Sheet;
        }

        var uses = core.Uses
            .Concat(pages.SelectMany(p => IconNames.In(AdminNav.IconClasses(p.Icon))))
            .Concat(pluginIcons.Uses())
            .ToHashSet();
        var sheet = snapshot is not null && snapshot.Uses.SetEquals(uses) ? snapshot.Sheet : Stylesheet.Of(IconStylesheet.Write(core.Sprites, uses));
        _snapshot = new Snapshot(pages, version, uses, sheet);
        return sheet;
    }

    private sealed record Snapshot(ImmutableArray<AdminPage> Pages, long PluginsVersion, HashSet<IconUse> Uses, Stylesheet Sheet);

    private sealed record CoreIcons(FontAwesomeSprites Sprites, IReadOnlyList<IconUse> Uses)
    {
        public static CoreIcons? Load(string assetsRoot)
        {
            var list = System.IO.Path.Combine(assetsRoot, "..", "admin-icons.txt");
            var sprites = FontAwesomeSprites.Load(System.IO.Path.Combine(assetsRoot, "lib", "fontawesome"));
            return sprites is null || !File.Exists(list)
                ? null
                : new CoreIcons(sprites, [.. File.ReadLines(list).SelectMany(IconNames.In)]);
        }
    }

    private sealed record Stylesheet(string Hash, byte[] Plain, byte[] Brotli, byte[] Gzip)
    {
        public static Stylesheet Of(string css)
        {
            var plain = Encoding.UTF8.GetBytes(css);
            return new Stylesheet(
                Convert.ToHexStringLower(SHA256.HashData(plain))[..12],
                plain,
                Compress(plain, output => new BrotliStream(output, CompressionLevel.SmallestSize)),
                Compress(plain, output => new GZipStream(output, CompressionLevel.SmallestSize)));
        }

        private static byte[] Compress(byte[] content, Func<Stream, Stream> encoder)
        {
            using var output = new MemoryStream();
            using (var stream = encoder(output))
            {
                stream.Write(content);
            }

            return output.ToArray();
        }
    }
}
