using System.Globalization;
using System.Text.RegularExpressions;

namespace FastCms.Collections;

/// <summary>How a thumbnail is cut from the original: the <c>WxH</c> forms PocketBase uses.</summary>
internal enum ThumbMode
{
    /// <summary><c>WxH</c>: fill the box, cropped around the centre.</summary>
    Center,

    /// <summary><c>WxHt</c>: fill the box, cropped from the top.</summary>
    Top,

    /// <summary><c>WxHb</c>: fill the box, cropped from the bottom.</summary>
    Bottom,

    /// <summary><c>WxHf</c>: fit inside the box, nothing cropped.</summary>
    Fit,
}

/// <summary>A thumbnail size; <c>0</c> for a side means "keep the aspect ratio" (<c>0x300</c>, <c>300x0</c>).</summary>
internal sealed record ThumbSize(int Width, int Height, ThumbMode Mode, string Text)
{
    public const int MaxSide = 4000;

    public static bool TryParse(string? text, out ThumbSize size)
    {
        size = null!;
        var match = text is null ? null : FileFieldRules.ThumbPattern().Match(text);
        if (match is not { Success: true }
            || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var width)
            || !int.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var height)
            || (width == 0 && height == 0) || width > MaxSide || height > MaxSide)
        {
            return false;
        }

        var mode = match.Groups[3].Value switch { "t" => ThumbMode.Top, "b" => ThumbMode.Bottom, "f" => ThumbMode.Fit, _ => ThumbMode.Center };
        if (mode != ThumbMode.Center && (width == 0 || height == 0))
        {
            return false;
        }

        size = new ThumbSize(width, height, mode, text!);
        return true;
    }
}

/// <summary>The options of <c>file</c> fields and their limits.</summary>
internal static partial class FileFieldRules
{
    public const long DefaultMaxSize = 10 * 1024 * 1024;

    public const int MaxFiles = 99;

    /// <summary>The thumbnail size the admin UI shows; served for every image field, listed or not.</summary>
    public const string AdminThumb = "100x100";

    [GeneratedRegex(@"^(\d{1,4})x(\d{1,4})([tbf]?)$", RegexOptions.CultureInvariant)]
    internal static partial Regex ThumbPattern();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/(\*|[a-z0-9][a-z0-9!#$&^_.+-]{0,126})$", RegexOptions.CultureInvariant)]
    private static partial Regex MimePattern();

    public static bool IsMimeType(string text) => MimePattern().IsMatch(text);

    /// <summary>True when <paramref name="contentType"/> matches an entry (<c>image/png</c>, or <c>image/*</c> for all images).</summary>
    public static bool Allows(IReadOnlyList<string> allowed, string contentType) =>
        allowed.Any(a => a.EndsWith("/*", StringComparison.Ordinal)
            ? contentType.StartsWith(a[..^1], StringComparison.Ordinal)
            : string.Equals(a, contentType, StringComparison.Ordinal));
}
