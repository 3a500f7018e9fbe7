using System.Text.RegularExpressions;

namespace FastCms.AdminShell;

/// <summary>
/// Finds the Font Awesome icons a piece of text names (a template, a script, a line of the build's list): every
/// <c>fa-NAME</c>, in the styles its style classes name (solid when none).
/// </summary>
internal static partial class IconNames
{
    public static IEnumerable<IconUse> In(string text)
    {
        var tokens = Token().Matches(text).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        var styles = tokens.Select(StyleOf).OfType<IconStyle>().Distinct().DefaultIfEmpty(IconStyle.Solid).ToList();
        return tokens.Where(t => StyleOf(t) is null && t.StartsWith("fa-", StringComparison.Ordinal))
            .SelectMany(t => styles.Select(style => new IconUse(t[3..], style)));
    }

    private static IconStyle? StyleOf(string token) => token switch
    {
        "fa-solid" or "fas" => IconStyle.Solid,
        "fa-regular" or "far" => IconStyle.Regular,
        "fa-brands" or "fab" => IconStyle.Brands,
        _ => null,
    };

    // The same pattern as the build's ListFontAwesomeNames task (AdminAssets.targets).
    [GeneratedRegex("(?<![a-z0-9-])(fa-[a-z0-9]+(?:-[a-z0-9]+)*|fa[srb])(?![a-z0-9-])")]
    private static partial Regex Token();
}
