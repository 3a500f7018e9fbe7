using System.Text.Json;
using System.Text.Json.Nodes;

namespace FastCms.Kernel;

/// <summary>
/// Checks that text from a JSON body is well-formed Unicode. A JSON parser accepts <c>"\ud800"</c> (a lone surrogate)
/// and invalid UTF-8 inside strings and fails only when the text is read, so a request body is checked before its
/// values are used, and the caller gets a 400 naming the field instead of a 500 from deep inside.
/// </summary>
internal static class UnicodeText
{
    public const string Problem = "Must be valid Unicode text: lone surrogates such as \\ud800 and invalid UTF-8 are not allowed.";

    public const string KeyProblem = "Holds a key that is not valid Unicode text (a lone surrogate such as \\ud800, or invalid UTF-8).";

    public static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether every string and key in <paramref name="node"/>, at any depth, can be read and is well-formed.</summary>
    public static bool IsWellFormed(JsonNode? node)
    {
        try
        {
            return Walk(node);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Whether every string and key in <paramref name="element"/>, at any depth, can be read and is well-formed.</summary>
    public static bool IsWellFormed(JsonElement element)
    {
        try
        {
            return Walk(element);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The entries of <paramref name="json"/>, or <c>null</c> when one of its keys cannot be read as text.</summary>
    public static List<KeyValuePair<string, JsonNode?>>? TryReadEntries(JsonObject json)
    {
        try
        {
            List<KeyValuePair<string, JsonNode?>> entries = [.. json];
            return entries.TrueForAll(e => IsWellFormed(e.Key)) ? entries : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static bool Walk(JsonNode? node) => node switch
    {
        JsonObject obj => obj.All(p => IsWellFormed(p.Key) && Walk(p.Value)),
        JsonArray array => array.All(Walk),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => IsWellFormed(value.GetValue<string>()),
        _ => true,
    };

    private static bool Walk(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().All(p => IsWellFormed(p.Name) && Walk(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().All(Walk),
        JsonValueKind.String => IsWellFormed(element.GetString()!),
        _ => true,
    };
}
