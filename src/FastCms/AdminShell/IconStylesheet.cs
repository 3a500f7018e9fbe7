using System.Text;

namespace FastCms.AdminShell;

/// <summary>An icon a page may show: a Font Awesome name (without <c>fa-</c>) in a style.</summary>
internal readonly record struct IconUse(string Name, IconStyle Style);

/// <summary>
/// Writes the admin's icon stylesheet: Font Awesome's class names (<c>&lt;i class="fa-solid fa-star"&gt;</c>) drawn
/// from each icon's SVG outline, used as a CSS mask over the text colour, instead of the 120 KB icon font.
/// Only the icons asked for are in it.
/// </summary>
internal static class IconStylesheet
{
    private const string StyleClasses = ".fa,.fas,.far,.fab,.fa-solid,.fa-regular,.fa-brands";

    // Sizes as Font Awesome's own stylesheet has them (a 1.25em wide box, icons scaled to the text), and its helper
    // classes the admin and plugins are likely to use. An unknown icon is masked out entirely rather than painted as
    // a square: the fallback mask is transparent.
    private const string Base =
        ":is(" + StyleClasses + "){display:inline-block;width:var(--fa-width,1.25em);height:1em;vertical-align:-.125em;" +
        "background-color:currentColor;" +
        "-webkit-mask:var(--fa-icon,linear-gradient(transparent,transparent)) center/contain no-repeat;" +
        "mask:var(--fa-icon,linear-gradient(transparent,transparent)) center/contain no-repeat}\n" +
        ".fa-fw,.fa-width-fixed{--fa-width:1.25em}.fa-width-auto{--fa-width:1em}\n" +
        ".fa-xs{font-size:.75em}.fa-sm{font-size:.875em}.fa-lg{font-size:1.25em}.fa-xl{font-size:1.5em}" +
        ".fa-2x{font-size:2em}.fa-3x{font-size:3em}\n" +
        ".fa-rotate-90{transform:rotate(90deg)}.fa-rotate-180{transform:rotate(180deg)}.fa-rotate-270{transform:rotate(270deg)}" +
        ".fa-flip-horizontal{transform:scaleX(-1)}.fa-flip-vertical{transform:scaleY(-1)}\n" +
        ".fa-spin{animation:fa-spin 2s linear infinite}.fa-pulse,.fa-spin-pulse{animation:fa-spin 1s steps(8) infinite}" +
        "@keyframes fa-spin{to{transform:rotate(360deg)}}\n" +
        "@media (prefers-reduced-motion:reduce){.fa-spin,.fa-pulse,.fa-spin-pulse{animation:none}}\n";

    public static string Write(FontAwesomeSprites sprites, IEnumerable<IconUse> uses)
    {
        var css = new StringBuilder(Base);
        foreach (var use in uses.Distinct().OrderBy(u => u.Name, StringComparer.Ordinal).ThenBy(u => u.Style))
        {
            if (Rule(sprites, use) is { } rule)
            {
                css.Append(rule).Append('\n');
            }
        }

        return css.ToString();
    }

    // The solid outline is the plain `.fa-NAME` rule (Font Awesome's default style). Regular outlines and brand icons
    // that share a name with a solid one apply with their style class; a brand-only name needs no style class.
    private static string? Rule(FontAwesomeSprites sprites, IconUse use)
    {
        var solid = sprites.Find(IconStyle.Solid, use.Name);
        var (selector, glyph) = use.Style switch
        {
            IconStyle.Regular when sprites.Find(IconStyle.Regular, use.Name) is { } regular => ($":is(.fa-regular,.far).fa-{use.Name}", regular),
            IconStyle.Brands when sprites.Find(IconStyle.Brands, use.Name) is { } brand =>
                (solid is null ? $".fa-{use.Name}" : $":is(.fa-brands,.fab).fa-{use.Name}", brand),
            _ when solid is not null => ($".fa-{use.Name}", solid),
            _ when sprites.Find(IconStyle.Brands, use.Name) is { } brand => ($".fa-{use.Name}", brand),
            _ => (null, null),
        };
        return glyph is null ? null : $"{selector}{{--fa-icon:url(\"{DataUri(glyph)}\")}}";
    }

    // Percent-encodes only what a data URI in a CSS string must not contain; quotes inside the SVG are single.
    private static string DataUri(IconGlyph glyph)
    {
        var svg = new StringBuilder($"<svg xmlns='http://www.w3.org/2000/svg' viewBox='{glyph.ViewBox}'>");
        foreach (var path in glyph.Paths)
        {
            svg.Append($"<path d='{path}'/>");
        }

        svg.Append("</svg>");
        return "data:image/svg+xml," + svg.Replace("%", "%25").Replace("#", "%23").Replace("<", "%3C").Replace(">", "%3E").Replace("\"", "'");
    }
}
