using System.Text;
using FastCms.Collections;
using FastCms.Records.Query;

namespace FastCms.Admin.Pages.Records;

/// <summary>
/// Plain words typed into the records filter box: input that is not a filter expression and uses none of its
/// operators becomes a filter of its own, in which every word must occur in one of the collection's visible text
/// fields (or be the record's id). A mistyped expression such as <c>views &gt;</c> still gets its error explained.
/// </summary>
internal static class RecordSearch
{
    public const int MaxWords = 8;

    private static readonly string[] _operators = ["=", "<", ">", "~", "&&", "||"];

    /// <summary>Text, editor, email and url fields that are not hidden: what the list shows and the search reads.</summary>
    public static IReadOnlyList<FieldDefinition> Fields(CompiledCollection collection) =>
        [.. collection.Fields.Where(f => f.Type.IsTextual() && !f.IsPrivate)];

    /// <summary>Whether <paramref name="input"/> is meant as words rather than as a filter expression.</summary>
    public static bool IsWords(string? input)
    {
        if (string.IsNullOrWhiteSpace(input) || _operators.Any(o => input.Contains(o, StringComparison.Ordinal)))
        {
            return false;
        }

        try
        {
            FilterParser.Parse(input);
            return false;
        }
        catch (FilterException)
        {
            return true;
        }
    }

    /// <summary>The filter expression that searches for every word, or <c>null</c> when there is nothing to search.</summary>
    public static string? ToFilter(CompiledCollection collection, string input)
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

    private static string Quote(string text)
    {
        var quoted = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            quoted.Append(c is '"' or '\\' ? "\\" : "").Append(c);
        }

        return quoted.Append('"').ToString();
    }
}
