using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FastCms.AdminShell;
using FastCms.PluginHost.Settings;

namespace FastCms.Admin.Pages.Plugins;

/// <summary>One typed setting as an input of the settings form.</summary>
/// <param name="Field">The setting from the plugin's schema.</param>
/// <param name="Value">Text of the input (for a secret: always empty).</param>
/// <param name="Checked">For booleans: whether the checkbox is ticked.</param>
/// <param name="SecretStored">For secrets: whether a value is stored.</param>
/// <param name="Errors">Messages for this setting.</param>
internal sealed record SettingInput(SettingField Field, string Value, bool Checked, bool SecretStored, IReadOnlyList<string> Errors)
{
    public string Name => SettingsForm.FieldPrefix + Field.Key;

    public string Id => "setting-" + Field.Key;

    public string Label => SettingsForm.Humanize(Field.Key);

    public bool Invalid => Errors.Count > 0;

    /// <summary>The description, then what the input expects and what it falls back to.</summary>
    public string Hint
    {
        get
        {
            var shownDefault = Field.Default is { } value ? SettingsForm.Display(value).ReplaceLineEndings(" ") : "";
            var rule = Field.Type switch
            {
                _ when Field.Secret => SecretStored ? "Secret, never shown: a value is stored; leave empty to keep it." : "Secret, never shown: not set.",
                "boolean" => $"Default: {(Field.Default is { ValueKind: System.Text.Json.JsonValueKind.True } ? "on" : "off")}.",
                "integer" or "number" => (Field.Type == "integer" ? "An integer" : "A number") + (shownDefault.Length > 0 ? $"; default {shownDefault}, restored when empty." : "."),
                "array" or "object" => $"JSON {Field.Type}{(shownDefault.Length > 0 ? $", default {shownDefault}" : "")}; restored to the default when empty.",
                _ => shownDefault.Length > 0 ? $"Default: “{shownDefault}”." : "",
            };
            return string.Join(" ", new[] { Field.Description, rule }.Where(s => !string.IsNullOrEmpty(s)));
        }
    }
}

/// <summary>
/// Turns posted form inputs into the JSON object the shared settings check (<see cref="SettingsPatch"/>) takes, and
/// current values into input text. It converts only; whether a value fits is the check's business.
/// </summary>
internal static class SettingsForm
{
    public const string FieldPrefix = "settings.";

    public const string JsonField = "settings_json";

    /// <summary>The typed inputs as a JSON object; inputs that are not JSON at all (an array's textarea) land in <paramref name="errors"/>.</summary>
    public static JsonElement Read(SettingsSchema schema, IFormCollection form, FormErrors errors)
    {
        var values = new JsonObject();
        foreach (var field in schema.Fields)
        {
            string? posted = form.TryGetValue(FieldPrefix + field.Key, out var raw) ? raw.ToString() : null;
            if (field.Type == "boolean")
            {
                values[field.Key] = posted == "true"; // an unticked checkbox is not posted at all
                continue;
            }

            if (posted is null || (field.Secret && posted.Length == 0))
            {
                continue; // not in the form, or a secret left empty: keep what is stored
            }

            var text = posted.Trim();
            switch (field.Type)
            {
                case "string":
                    values[field.Key] = posted;
                    break;
                case "integer" or "number":
                    values[field.Key] = text.Length == 0 ? null
                        : decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number)
                        : JsonValue.Create(text);
                    break;
                default:
                    if (text.Length == 0)
                    {
                        values[field.Key] = null;
                    }
                    else if (ParseJson(text, out var node, out var problem))
                    {
                        values[field.Key] = node;
                    }
                    else
                    {
                        errors.Add(field.Key, problem!);
                    }

                    break;
            }
        }

        return JsonSerializer.SerializeToElement(values);
    }

    /// <summary>
    /// The JSON editor's object as a change: its keys are set, and stored keys missing from it are removed.
    /// Returns <c>null</c> (with the problem in <paramref name="errors"/>) when the text is not a JSON object.
    /// </summary>
    public static JsonElement? ReadJson(string? text, IEnumerable<string> storedKeys, FormErrors errors)
    {
        if (!ParseJson(string.IsNullOrWhiteSpace(text) ? "{}" : text, out var node, out var problem))
        {
            errors.Add(JsonField, problem!);
            return null;
        }

        if (node is not JsonObject values)
        {
            errors.Add(JsonField, "Must be a JSON object mapping setting keys to values, such as {\"color\": \"red\"}.");
            return null;
        }

        foreach (var key in storedKeys.Where(k => !values.ContainsKey(k)).ToList())
        {
            values[key] = null;
        }

        return JsonSerializer.SerializeToElement(values);
    }

    /// <summary>Text of an input for a JSON value: strings as they are, numbers and booleans plainly, the rest as indented JSON.</summary>
    public static string Display(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Array or JsonValueKind.Object => Indented(value),
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        _ => value.GetRawText(),
    };

    public static string Indented(JsonElement value) => JsonSerializer.Serialize(value, IndentedOptions);

    /// <summary><c>max_title_length</c> → "Max title length", <c>api_key</c> → "API key".</summary>
    public static string Humanize(string key)
    {
        var words = key.Split(['_', '-', ' '], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => Acronyms.Contains(w) ? w.ToUpperInvariant() : w)
            .ToList();
        if (words.Count == 0)
        {
            return key;
        }

        words[0] = char.ToUpperInvariant(words[0][0]) + words[0][1..];
        return string.Join(' ', words);
    }

    private static readonly HashSet<string> Acronyms = new(StringComparer.Ordinal) { "api", "url", "id", "json", "html", "http", "smtp", "ttl", "ip" };

    private static readonly JsonSerializerOptions IndentedOptions = new() { WriteIndented = true };

    private static bool ParseJson(string text, out JsonNode? node, out string? problem)
    {
        try
        {
            node = JsonNode.Parse(text);
            problem = null;
            return true;
        }
        catch (JsonException e)
        {
            node = null;
            problem = $"Not valid JSON (line {(e.LineNumber ?? 0) + 1}, position {(e.BytePositionInLine ?? 0) + 1}).";
            return false;
        }
    }
}
