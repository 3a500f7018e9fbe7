using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace FastCms.AdminShell;

/// <summary>A Font Awesome style; each has its own sprite file.</summary>
internal enum IconStyle
{
    Solid,
    Regular,
    Brands,
}

/// <summary>One icon's outline, ready to be written as a small SVG.</summary>
internal sealed record IconGlyph(string ViewBox, IReadOnlyList<string> Paths);

/// <summary>
/// The icons of the Font Awesome package (its <c>sprites/*.svg</c>, copied from npm at build time), by style and
/// name, plus the old names its stylesheet still accepts (<c>fa-cog</c> for <c>fa-gear</c>).
/// </summary>
internal sealed partial class FontAwesomeSprites
{
    private readonly FrozenDictionary<IconStyle, FrozenDictionary<string, IconGlyph>> _glyphs;
    private readonly FrozenDictionary<string, string> _aliases;

    private FontAwesomeSprites(FrozenDictionary<IconStyle, FrozenDictionary<string, IconGlyph>> glyphs, FrozenDictionary<string, string> aliases)
    {
        _glyphs = glyphs;
        _aliases = aliases;
    }

    /// <summary>Reads the sprites under <paramref name="fontAwesomeDir"/>; null when they are not there.</summary>
    public static FontAwesomeSprites? Load(string fontAwesomeDir)
    {
        var glyphs = new Dictionary<IconStyle, FrozenDictionary<string, IconGlyph>>();
        foreach (var style in Enum.GetValues<IconStyle>())
        {
            var file = Path.Combine(fontAwesomeDir, "sprites", style.ToString().ToLowerInvariant() + ".svg");
            if (!File.Exists(file))
            {
                return null;
            }

            glyphs[style] = Symbol().Matches(File.ReadAllText(file)).ToFrozenDictionary(
                m => m.Groups["id"].Value,
                m => new IconGlyph(m.Groups["box"].Value, [.. PathData().Matches(m.Groups["body"].Value).Select(p => p.Groups[1].Value)]),
                StringComparer.Ordinal);
        }

        var stylesheet = Path.Combine(fontAwesomeDir, "css", "all.min.css");
        var aliases = File.Exists(stylesheet) ? Aliases(File.ReadAllText(stylesheet), glyphs) : FrozenDictionary<string, string>.Empty;
        return new FontAwesomeSprites(glyphs.ToFrozenDictionary(), aliases);
    }

    /// <summary>The glyph of <paramref name="name"/> (without <c>fa-</c>, an alias is fine) in <paramref name="style"/>.</summary>
    public IconGlyph? Find(IconStyle style, string name) =>
        _glyphs[style].GetValueOrDefault(_aliases.GetValueOrDefault(name, name));

    // The stylesheet lists each icon's names in one rule, `.fa-cog,.fa-gear{--fa:"\f013"}`; the one with a symbol is the
    // icon, the others are its aliases.
    private static FrozenDictionary<string, string> Aliases(string css, Dictionary<IconStyle, FrozenDictionary<string, IconGlyph>> glyphs)
    {
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match rule in CodepointRule().Matches(css))
        {
            var names = rule.Groups["names"].Value.Split(',').Select(n => n[4..]).ToList();
            var icon = names.FirstOrDefault(n => glyphs.Values.Any(g => g.ContainsKey(n)));
            foreach (var alias in names.Where(n => icon is not null && n != icon))
            {
                aliases.TryAdd(alias, icon!);
            }
        }

        return aliases.ToFrozenDictionary(StringComparer.Ordinal);
    }

    [GeneratedRegex("<symbol id=\"(?<id>[a-z0-9-]+)\" viewBox=\"(?<box>[0-9. -]+)\">(?<body>.*?)</symbol>", RegexOptions.Singleline)]
    private static partial Regex Symbol();

    [GeneratedRegex("<path[^>]*\\sd=\"([^\"]+)\"")]
    private static partial Regex PathData();

    [GeneratedRegex("(?<names>\\.fa-[a-z0-9-]+(?:,\\.fa-[a-z0-9-]+)*)\\{--fa:\"")]
    private static partial Regex CodepointRule();
}
