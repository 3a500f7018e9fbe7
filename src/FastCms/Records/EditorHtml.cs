using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Ganss.Xss;
using Microsoft.AspNetCore.WebUtilities;

namespace FastCms.Records;

/// <summary>
/// The HTML of editor fields. Every write stores it sanitized (unless the field keeps HTML as given), whoever the
/// writer is, so that a page showing the value cannot be made to run a script: the API, batches, the admin form,
/// plugins and the data a before-hook returns all pass through <see cref="FieldValidator"/>, which calls this.
/// </summary>
internal static class EditorHtml
{
    // What a rich-text editor produces: text formatting, headings, lists, quotes, code, links, images and tables.
    // Forms, media that plays, frames and inline styles are dropped; styles also because the admin UI's Content
    // Security Policy refuses inline styles, so a kept one would only break the page showing it.
    private static readonly string[] _tags =
    [
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del", "div", "dl",
        "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li",
        "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "table", "tbody",
        "td", "tfoot", "th", "thead", "tr", "u", "ul",
    ];

    private static readonly string[] _attributes =
    [
        "alt", "cite", "colspan", "datetime", "dir", "height", "href", "lang", "rel", "rowspan", "scope", "src",
        "start", "target", "title", "width",
    ];

    // The sanitizer's maintainers test one shared instance used from many threads; its options never change here.
    private static readonly HtmlSanitizer _sanitizer = new(new HtmlSanitizerOptions
    {
        AllowedTags = new HashSet<string>(_tags, StringComparer.OrdinalIgnoreCase),
        AllowedAttributes = new HashSet<string>(_attributes, StringComparer.OrdinalIgnoreCase),
        AllowedSchemes = new HashSet<string>(["http", "https", "mailto"], StringComparer.OrdinalIgnoreCase),
        UriAttributes = new HashSet<string>(["href", "src", "cite"], StringComparer.OrdinalIgnoreCase),
        AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
        AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
    });

    /// <summary>Where the server serves record files; content may embed these addresses (images from file fields).</summary>
    public const string FilesPath = "/api/v1/files/";

    static EditorHtml() => _sanitizer.FilterUrl += DropFileToken;

    // A file token in stored content would be handed to every reader and stop working within minutes, so the server's
    // own file addresses are stored without it (an unprotected file needs none). Other query parameters stay.
    private static void DropFileToken(object? sender, FilterUrlEventArgs e)
    {
        if (e.SanitizedUrl is not { } url || !url.StartsWith(FilesPath, StringComparison.Ordinal) || url.IndexOf('?') is not (var start and >= 0))
        {
            return;
        }

        var kept = QueryHelpers.ParseQuery(url[start..]).Where(p => !string.Equals(p.Key, "token", StringComparison.OrdinalIgnoreCase))
            .SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v)));
        e.SanitizedUrl = url[..start] + QueryString.Create(kept).ToUriComponent();
    }

    private static readonly HashSet<string> _blocks = new(
        ["p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "td", "th", "dt", "dd", "hr", "figcaption"],
        StringComparer.OrdinalIgnoreCase);

    private static readonly HashSet<string> _silent = new(["script", "style", "template", "noscript"], StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The value to store: what the sanitizer makes of it, trimmed. Markup the sanitizer would leave as it is (the most
    /// common kind) is recognized without parsing it (<see cref="PlainMarkup"/>), which costs a fraction of a parse.
    /// </summary>
    public static string Sanitize(string html) =>
        html.Length == 0 ? html : PlainMarkup.IsUnchangedBySanitizing(html) ? html.Trim() : Parsed(html);

    /// <summary>The sanitizer's result for any markup, always parsed.</summary>
    public static string Parsed(string html) => _sanitizer.Sanitize(html).Trim();

    /// <summary>The words of an HTML value, blocks separated by a space, for places that show text such as lists.</summary>
    public static string ToText(string html)
    {
        var body = new HtmlParser().ParseDocument("<!DOCTYPE html><body></body>").Body!;
        body.InnerHtml = html;
        var text = new StringBuilder();
        Append(body, text);
        return string.Join(' ', text.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    private static void Append(INode node, StringBuilder text)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child is IText t)
            {
                text.Append(t.Data);
            }
            else if (child is IElement element && !_silent.Contains(element.LocalName))
            {
                var block = _blocks.Contains(element.LocalName);
                text.Append(block ? " " : "");
                Append(element, text);
                text.Append(block ? " " : "");
            }
        }
    }
}
