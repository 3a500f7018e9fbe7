namespace FastCms.Records;

/// <summary>
/// Recognizes the editor HTML that sanitizing leaves exactly as it is, without parsing a document: text with no
/// character that markup or the HTML parser would change, in well-nested tags without attributes, written in lower
/// case, from a short list whose parsing has no special rules in the places they may stand here — paragraphs, headings
/// and lists at the top, list items in lists, text formatting anywhere else, and <c>&lt;br&gt;</c>. Most of what rich
/// text editors send is of this kind; everything else (attributes, links, images, tables, entities, comments, stray or
/// misnested tags) goes to the full sanitizer. A test compares both on generated input.
/// </summary>
internal static class PlainMarkup
{
    private static readonly HashSet<string> _inline = new(StringComparer.Ordinal)
    {
        "b", "i", "em", "strong", "code", "span", "s", "u", "sub", "sup", "mark", "small", "abbr", "kbd", "samp", "del", "ins", "q", "cite",
    };

    private static readonly HashSet<string> _topBlocks = new(StringComparer.Ordinal) { "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol" };

    /// <summary>Whether sanitizing <paramref name="html"/> would return it unchanged (before trimming).</summary>
    public static bool IsUnchangedBySanitizing(string html)
    {
        var open = new Stack<string>();
        var i = 0;
        while (i < html.Length)
        {
            var c = html[i];
            if (c != '<')
            {
                if (!IsPlainText(html, i, open))
                {
                    return false;
                }

                i += char.IsHighSurrogate(c) ? 2 : 1;
                continue;
            }

            var end = html.IndexOf('>', i + 1);
            if (end < 0)
            {
                return false;
            }

            var closing = i + 1 < end && html[i + 1] == '/';
            var name = html.AsSpan(closing ? i + 2 : i + 1, end - i - (closing ? 2 : 1));
            if (!IsLowerName(name))
            {
                return false;
            }

            var tag = name.ToString();
            if (closing)
            {
                if (open.Count == 0 || open.Pop() != tag)
                {
                    return false;
                }
            }
            else if (tag == "br")
            {
                if (open.TryPeek(out var parent) && parent is "ul" or "ol")
                {
                    return false;
                }
            }
            else if (!MayOpen(tag, open))
            {
                return false;
            }
            else
            {
                open.Push(tag);
            }

            i = end + 1;
        }

        return open.Count == 0;
    }

    private static bool MayOpen(string tag, Stack<string> open)
    {
        if (!open.TryPeek(out var parent))
        {
            return _inline.Contains(tag) || _topBlocks.Contains(tag);
        }

        return parent switch
        {
            "ul" or "ol" => tag == "li",
            "li" => _inline.Contains(tag) || tag is "ul" or "ol",
            _ => _inline.Contains(tag),
        };
    }

    // Characters the parser or the serializer would change: markup and entities, carriage returns (made line feeds),
    // NUL, the no-break space (written back as an entity), controls, lone surrogates. Only white space may stand
    // directly in a list, where other text would be a parse error.
    private static bool IsPlainText(string html, int at, Stack<string> open)
    {
        var c = html[at];
        if (c is '>' or '&' or '\u00A0' || (c < ' ' && c is not ('\t' or '\n')) || c is >= '\u007F' and <= '\u009F')
        {
            return false;
        }

        if (char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && at + 1 < html.Length && char.IsLowSurrogate(html[at + 1])))
        {
            return false;
        }

        return !(open.TryPeek(out var parent) && parent is "ul" or "ol") || c is ' ' or '\t' or '\n';
    }

    private static bool IsLowerName(ReadOnlySpan<char> name)
    {
        if (name.Length is 0 or > 6)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
