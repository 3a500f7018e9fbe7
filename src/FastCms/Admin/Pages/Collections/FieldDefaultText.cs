using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FastCms.Admin.Pages.Collections;

/// <summary>
/// A field's default as the editor shows it in one text input, and back: <c>true</c>/<c>false</c> for bool, a number,
/// JSON for json, values separated by commas for a select of several values, the text itself otherwise. An empty
/// input means no default. Whether the value fits the field is the collection service's decision.
/// </summary>
internal static class FieldDefaultText
{
    public static string Show(string type, JsonNode? value) => value switch
    {
        null => "",
        _ when type == "json" => value.ToJsonString(),
        JsonArray values => string.Join(", ", values.Select(v => v is JsonValue text && text.TryGetValue<string>(out var s) ? s : v?.ToJsonString())),
        JsonValue text when text.TryGetValue<string>(out var s) => s,
        _ => value.ToJsonString(),
    };

    /// <summary>The default a row asks for; <c>null</c> for none, or with <paramref name="problem"/> set when the text does not parse.</summary>
    public static JsonNode? Read(FieldRow row, out string? problem)
    {
        problem = null;
        var text = row.Default;
        if (text.Trim().Length == 0)
        {
            return null;
        }

        switch (row.Type)
        {
            case "bool":
                if (bool.TryParse(text.Trim(), out var flag))
                {
                    return JsonValue.Create(flag);
                }

                problem = "Must be true or false.";
                return null;
            case "number":
                if (double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
                {
                    return JsonValue.Create(number);
                }

                problem = "Must be a number.";
                return null;
            case "json":
                try
                {
                    return JsonNode.Parse(text);
                }
                catch (JsonException)
                {
                    problem = "Must be a JSON value, such as {\"a\": 1}, [1, 2], \"text\" or 3.";
                    return null;
                }

            case "select" when int.TryParse(row.MaxSelect, NumberStyles.Integer, CultureInfo.InvariantCulture, out var most) && most > 1:
                return new JsonArray([.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(v => JsonValue.Create(v))]);
            default:
                return JsonValue.Create(row.Type is "text" or "editor" ? text : text.Trim());
        }
    }
}
