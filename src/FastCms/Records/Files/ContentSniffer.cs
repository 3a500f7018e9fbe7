using System.Text;

namespace FastCms.Records.Files;

/// <summary>
/// Decides a file's type from its first bytes, never from the client's <c>Content-Type</c>: a Windows program renamed
/// <c>.png</c> is still <c>application/x-msdownload</c>. Text has no signature, so for text alone the extension picks
/// among text types; markup is recognised by content too, so <c>page.txt</c> holding HTML is still HTML.
/// </summary>
internal static class ContentSniffer
{
    /// <summary>How many leading bytes <see cref="Detect"/> looks at.</summary>
    public const int HeadLength = 512;

    public const string Binary = "application/octet-stream";

    private static readonly Dictionary<string, string> Extensions = new(StringComparer.Ordinal)
    {
        ["image/png"] = "png", ["image/jpeg"] = "jpg", ["image/gif"] = "gif", ["image/webp"] = "webp", ["image/bmp"] = "bmp",
        ["image/tiff"] = "tif", ["image/x-icon"] = "ico", ["image/avif"] = "avif", ["image/heic"] = "heic", ["image/svg+xml"] = "svg",
        ["application/pdf"] = "pdf", ["application/zip"] = "zip", ["application/gzip"] = "gz", ["application/x-7z-compressed"] = "7z",
        ["application/vnd.rar"] = "rar", ["video/mp4"] = "mp4", ["video/quicktime"] = "mov", ["video/webm"] = "webm",
        ["audio/mpeg"] = "mp3", ["audio/ogg"] = "ogg", ["audio/wav"] = "wav", ["audio/flac"] = "flac",
        ["application/x-msdownload"] = "exe", ["application/x-executable"] = "bin", ["text/html"] = "html", ["application/xml"] = "xml",
        ["text/javascript"] = "js", ["text/plain"] = "txt", ["text/csv"] = "csv", ["text/markdown"] = "md", ["application/json"] = "json",
    };

    // Text types the extension may choose for content that is plain text.
    private static readonly Dictionary<string, string> TextByExtension = new(StringComparer.Ordinal)
    {
        ["txt"] = "text/plain", ["csv"] = "text/csv", ["md"] = "text/markdown", ["json"] = "application/json", ["js"] = "text/javascript",
        ["mjs"] = "text/javascript", ["html"] = "text/html", ["htm"] = "text/html", ["xml"] = "application/xml", ["svg"] = "image/svg+xml",
        ["xhtml"] = "text/html",
    };

    // Zip containers whose extension names a more precise type.
    private static readonly Dictionary<string, string> ZipByExtension = new(StringComparer.Ordinal)
    {
        ["docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ["xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ["pptx"] = "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ["odt"] = "application/vnd.oasis.opendocument.text",
        ["epub"] = "application/epub+zip",
    };

    /// <summary>Types a browser would run or render as a page: never accepted unless listed, never served inline.</summary>
    public static bool IsActive(string contentType) =>
        contentType is "text/html" or "image/svg+xml" or "application/xml" or "text/xml" or "text/javascript" or "application/javascript";

    /// <summary>Programs: refused unless a field lists the type explicitly.</summary>
    public static bool IsExecutable(string contentType) => contentType is "application/x-msdownload" or "application/x-executable";

    public static bool IsImage(string contentType) => contentType is "image/png" or "image/jpeg" or "image/gif" or "image/webp" or "image/bmp";

    /// <summary>
    /// The type of a stored file from its extension. Stored names are generated here with an extension that fits the
    /// sniffed type (<see cref="FileNames.Create"/>), so the extension is as good as the sniff and needs no extra read.
    /// </summary>
    public static string TypeOfExtension(string extension)
    {
        extension = extension.TrimStart('.').ToLowerInvariant();
        return extension switch
        {
            "jpeg" => "image/jpeg",
            "tiff" => "image/tiff",
            _ => TextByExtension.GetValueOrDefault(extension) ?? ZipByExtension.GetValueOrDefault(extension)
                ?? Extensions.FirstOrDefault(e => e.Value == extension).Key ?? Binary,
        };
    }

    public static string ExtensionOf(string contentType) => Extensions.GetValueOrDefault(contentType, "");

    /// <summary>Whether a client's extension may stay on a file of this type (a JPEG may keep <c>.jpeg</c>; an exe may not keep <c>.png</c>).</summary>
    public static bool ExtensionFits(string extension, string contentType) =>
        ExtensionOf(contentType) == extension
        || (contentType, extension) is ("image/jpeg", "jpeg") or ("image/tiff", "tiff")
        || TextByExtension.GetValueOrDefault(extension) == contentType
        || ZipByExtension.GetValueOrDefault(extension) == contentType
        || (contentType == Binary && !Extensions.ContainsValue(extension) && !TextByExtension.ContainsKey(extension));

    public static string Detect(ReadOnlySpan<byte> head, string? fileName)
    {
        var extension = Path.GetExtension(fileName ?? "").TrimStart('.').ToLowerInvariant();
        if (Signature(head) is { } type)
        {
            return type == "application/zip" ? ZipByExtension.GetValueOrDefault(extension, type) : type;
        }

        if (!LooksLikeText(head))
        {
            return Binary;
        }

        var text = Encoding.UTF8.GetString(head).TrimStart('\uFEFF', ' ', '\t', '\r', '\n').ToLowerInvariant();
        if (text.StartsWith("<!doctype html", StringComparison.Ordinal) || text.StartsWith("<html", StringComparison.Ordinal))
        {
            return "text/html";
        }

        if (text.Contains("<svg", StringComparison.Ordinal))
        {
            return "image/svg+xml";
        }

        if (text.Contains("<script", StringComparison.Ordinal) || text.Contains("<body", StringComparison.Ordinal) || text.Contains("<iframe", StringComparison.Ordinal))
        {
            return "text/html";
        }

        if (text.StartsWith("<?xml", StringComparison.Ordinal))
        {
            return "application/xml";
        }

        return TextByExtension.GetValueOrDefault(extension, "text/plain");
    }

    // Leading bytes of the binary formats recognised; the checks below handle those that need more than a prefix.
    private static readonly (byte[] Magic, string Type)[] Magics =
    [
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "image/png"),
        ([0xFF, 0xD8, 0xFF], "image/jpeg"),
        ("GIF87a"u8.ToArray(), "image/gif"),
        ("GIF89a"u8.ToArray(), "image/gif"),
        ([0x00, 0x00, 0x01, 0x00], "image/x-icon"),
        ("II*\0"u8.ToArray(), "image/tiff"),
        ("MM\0*"u8.ToArray(), "image/tiff"),
        ("%PDF-"u8.ToArray(), "application/pdf"),
        ([0x50, 0x4B, 0x03, 0x04], "application/zip"),
        ([0x1F, 0x8B], "application/gzip"),
        ([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C], "application/x-7z-compressed"),
        ([0x52, 0x61, 0x72, 0x21, 0x1A, 0x07], "application/vnd.rar"),
        ("MZ"u8.ToArray(), "application/x-msdownload"),
        ([0x7F, 0x45, 0x4C, 0x46], "application/x-executable"),
        ([0x1A, 0x45, 0xDF, 0xA3], "video/webm"),
        ("OggS"u8.ToArray(), "audio/ogg"),
        ("fLaC"u8.ToArray(), "audio/flac"),
        ("ID3"u8.ToArray(), "audio/mpeg"),
    ];

    private static string? Signature(ReadOnlySpan<byte> b)
    {
        if (b.Length >= 12 && b.StartsWith("RIFF"u8))
        {
            return b[8..12].SequenceEqual("WEBP"u8) ? "image/webp" : b[8..12].SequenceEqual("WAVE"u8) ? "audio/wav" : null;
        }

        if (b.Length >= 14 && b.StartsWith("BM"u8))
        {
            return "image/bmp";
        }

        if (b.Length >= 12 && b[4..8].SequenceEqual("ftyp"u8))
        {
            return Encoding.ASCII.GetString(b[8..12]) switch
            {
                "avif" or "avis" => "image/avif",
                "heic" or "heix" or "mif1" => "image/heic",
                "qt  " => "video/quicktime",
                _ => "video/mp4",
            };
        }

        foreach (var (magic, type) in Magics)
        {
            if (b.StartsWith(magic))
            {
                return type;
            }
        }

        // An MPEG audio frame without an ID3 tag: eleven set sync bits.
        return b.Length >= 2 && b[0] == 0xFF && (b[1] & 0xE0) == 0xE0 ? "audio/mpeg" : null;
    }

    // Text: no NUL and no other control bytes but tab, CR, LF, FF and ESC; multi-byte UTF-8 is fine.
    private static bool LooksLikeText(ReadOnlySpan<byte> head)
    {
        foreach (var b in head)
        {
            if (b < 0x20 && b is not (0x09 or 0x0A or 0x0C or 0x0D or 0x1B))
            {
                return false;
            }
        }

        return true;
    }
}
