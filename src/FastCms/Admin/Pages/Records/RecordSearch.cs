using System.Text;
using FastCms.Collections;
using FastCms.Records.Query;

namespace FastCms.Admin.Pages.Records;

/// <summary>
/// Plain words typed into the records filter box: input that is not a filter expression and uses none of its
/// operators becomes a filter of its own, in which every word must occur in one of the collection's visible text
/// fields (or be the record's id). Words may also be joined to conditions with <c>&amp;&amp;</c> (<c>news &amp;&amp; views &gt; 10</c>,
/// as the filter builder writes when it appends to words): each group of words becomes its search, each condition
/// stays as written. A mistyped expression such as <c>views &gt;</c> still gets its error explained.
/// </summary>
internal static class RecordSearch
{
    public const int MaxWords = 8;

    private static readonly string[] _operators = ["=", "<", ">", "~", "&&", "||"];

    /// <summary>Text, editor, email and url fields that are not hidden: what the list shows and the search reads.</summary>
    public static IReadOnlyList<FieldDefinition> Fields(CompiledCollection collection) =>
        [.. collection.Fields.Where(f => f.Type.IsTextual() && !f.IsPrivate)];

    /// <summary>
    /// Whether <paramref name="input"/> is meant as words rather than as a filter expression: words alone, or words
    /// and valid conditions joined by <c>&amp;&amp;</c>.
    /// </summary>
    public static bool IsWords(string? input)
    {
        if (string.IsNullOrWhiteSpace(input) || Parses(input))
        {
            return false;
        }

        if (!HasOperator(input))
        {
            return true;
        }

        var parts = SplitAnd(input);
        return parts.Count > 1 && parts.All(p => Parses(p) || (!HasOperator(p) && p.Trim().Length > 0)) && parts.Any(p => !Parses(p));
    }

    /// <summary>
    /// The filter expression for input that <see cref="IsWords"/> accepts: the search for every word, joined by
    /// <c>&amp;&amp;</c> to the input's conditions; <c>null</c> when there is nothing to search.
    /// </summary>
    public static string? ToFilter(CompiledCollection collection, string input)
    {
        if (!HasOperator(input))
        {
            return WordsFilter(collection, input);
        }

        var parts = SplitAnd(input).Select(p => Parses(p) ? p.Trim() : WordsFilter(collection, p)).Where(p => p is not null).ToList();
        return parts.Count == 0 ? null : string.Join(" && ", parts.Select(p => "(" + p + ")"));
    }

    /// <summary>The filter expression in which every word must occur in a text field or be the id.</summary>
    public static string? WordsFilter(CompiledCollection collection, string input)
    {
        var fields = Fields(collection);
        // A % would turn the contains test into a pattern; plain words never mean one.
        var words = input.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.Trim('"', '\'').Replace("%", "", StringComparison.Ordinal))
            .Where(w => w.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).Take(MaxWords).ToList();
        if (words.Count == 0)
        {
            return null;
        }

        return string.Join(" && ", words.Select(word =>
            "(" + string.Join(" || ", fields.Select(f => $"{f.Name} ~ {Quote(word)}").Append($"id = {Quote(word)}")) + ")"));
    }

    private static bool HasOperator(string input) => _operators.Any(o => input.Contains(o, StringComparison.Ordinal));

    private static bool Parses(string input)
    {
        try
        {
            FilterParser.Parse(input);
            return true;
        }
        catch (FilterException)
        {
            return false;
        }
    }

    // Splits at && outside quoted strings (the filter language quotes with " or ', escaping with a backslash).
    private static List<string> SplitAnd(string input)
    {
        var parts = new List<string>();
        var start = 0;
        char? quote = null;
        for (var i = 0; i < input.Length; i++)
        {
            var c = input[i];
            if (quote is not null)
            {
                i += c == '\\' ? 1 : 0;
                quote = c == quote ? null : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '&' && i + 1 < input.Length && input[i + 1] == '&')
            {
                parts.Add(input[start..i]);
                start = i + 2;
                i++;
            }
        }

        parts.Add(input[start..]);
        return parts;
    }

    /// <summary>A string literal of the filter language.</summary>
    public static string Quote(string text)
    {
        var quoted = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            quoted.Append(c is '"' or '\\' ? "\\" : "").Append(c);
        }

        return quoted.Append('"').ToString();
    }
}
