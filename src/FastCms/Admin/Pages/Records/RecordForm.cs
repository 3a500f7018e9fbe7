using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FastCms.AdminShell;
using FastCms.Collections;
using FastCms.Records;

namespace FastCms.Admin.Pages.Records;

/// <summary>One input of the record form.</summary>
/// <param name="Field">The collection's field.</param>
/// <param name="Value">Text of the input (for a hidden field: empty, its value is never read back).</param>
/// <param name="Selected">For checkboxes (bool, multi-select): the ticked values.</param>
/// <param name="Errors">Messages for this field.</param>
internal sealed record RecordFieldInput(FieldDefinition Field, string Value, IReadOnlyList<string> Selected, IReadOnlyList<string> Errors)
{
    public string Name => RecordForm.Prefix + Field.Name;

    public string Id => "record-" + Field.Name;

    public bool Invalid => Errors.Count > 0;

    public string? DescribedBy => string.Join(' ', new[] { Id + "-hint", Invalid ? Id + "-error" : null }.Where(x => x is not null));
}

/// <summary>
/// Turns the record form into the <c>data</c> object <see cref="RecordService"/> takes, and stored values into input
/// text. It converts only (a number typed as text, a list of ids, JSON typed into a text area); whether a value is
/// allowed is the records service's decision, whose messages are shown next to the inputs.
/// </summary>
internal static class RecordForm
{
    public const string Prefix = "data.";

    /// <summary>The fields a form has an input for: all but autodate (set by the server).</summary>
    public static IEnumerable<FieldDefinition> Editable(CompiledCollection collection) => collection.Fields.Where(f => f.Type != FieldType.Autodate);

    public static JsonObject Read(CompiledCollection collection, IFormCollection form, FormErrors errors)
    {
        var data = new JsonObject();
        foreach (var field in Editable(collection))
        {
            var name = Prefix + field.Name;
            var posted = form[name];
            var text = posted.ToString().Trim();
            if (field.Hidden && text.Length == 0)
            {
                continue; // write-only: left empty keeps the stored value, or on create leaves the field to its default
            }

            if (field.Type == FieldType.File)
            {
                // Files arrive as file parts (see AdminUploads); the form only names stored files to remove.
                if (form[name + "-"] is { Count: > 0 } removed)
                {
                    data[field.Name + "-"] = new JsonArray([.. removed.Select(v => (JsonNode?)JsonValue.Create(v))]);
                }

                continue;
            }

            if (!form.ContainsKey(name) && field.Type != FieldType.Bool && !(field.Type == FieldType.Select && field.IsMultiple))
            {
                continue; // not in the form at all (an unticked checkbox is the only input that may be missing)
            }

            switch (field.Type)
            {
                case FieldType.Bool:
                    data[field.Name] = posted.Contains("true");
                    break;
                case FieldType.Number:
                    data[field.Name] = text.Length == 0 ? null
                        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? JsonValue.Create(number)
                        : JsonValue.Create(text);
                    break;
                case FieldType.Select when field.IsMultiple:
                    data[field.Name] = new JsonArray([.. posted.Where(v => !string.IsNullOrEmpty(v)).Select(v => (JsonNode?)JsonValue.Create(v))]);
                    break;
                case FieldType.Relation when field.IsMultiple:
                    data[field.Name] = new JsonArray([.. text.Split([',', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => (JsonNode?)JsonValue.Create(v))]);
                    break;
                case FieldType.Json:
                    if (text.Length == 0)
                    {
                        data[field.Name] = null;
                    }
                    else
                    {
                        try
                        {
                            data[field.Name] = JsonNode.Parse(text);
                        }
                        catch (JsonException e)
                        {
                            errors.Add(field.Name, $"Not valid JSON (line {(e.LineNumber ?? 0) + 1}, position {(e.BytePositionInLine ?? 0) + 1}).");
                        }
                    }

                    break;
                case FieldType.Text or FieldType.Editor:
                    data[field.Name] = posted.ToString();
                    break;
                default:
                    data[field.Name] = text.Length == 0 ? null : text;
                    break;
            }
        }

        return data;
    }

    /// <summary>
    /// The inputs, showing the record's values, for a new record the fields' defaults (so that a form sent unchanged
    /// stores what the API stores for an empty <c>data</c>), or what was posted after a failed save.
    /// </summary>
    public static IReadOnlyList<RecordFieldInput> Inputs(CompiledCollection collection, RecordView? record, IFormCollection? posted, FormErrors errors) =>
    [
        .. Editable(collection).Select(field =>
        {
            var index = Array.IndexOf(collection.Fields, field);
            var stored = record is null ? collection.Defaults[index] : record.Values[index];
            if (field.Type == FieldType.File)
            {
                // A file input cannot be refilled; the form lists the stored files instead.
                return new RecordFieldInput(field, "", stored switch { string[] many => many, string one => [one], _ => [] }, errors.For(field.Name));
            }

            if (posted is not null)
            {
                var values = posted[Prefix + field.Name];
                return new RecordFieldInput(field, field.Hidden ? "" : values.ToString(), [.. values.Where(v => v is not null).Select(v => v!)], errors.For(field.Name));
            }

            var shown = field.Hidden ? "" : InputText(field, stored);
            IReadOnlyList<string> selected = stored switch
            {
                string[] many => many,
                bool flag => flag ? ["true"] : [],
                string one when field.Type == FieldType.Select => [one],
                _ => [],
            };
            return new RecordFieldInput(field, shown, selected, errors.For(field.Name));
        }),
    ];

    /// <summary>A stored value as the text of its input.</summary>
    public static string InputText(FieldDefinition field, object? value) => value switch
    {
        null => "",
        string s => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset instant => instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
        string[] values => string.Join(", ", values),
        JsonText json => JsonSerializer.Serialize(JsonNode.Parse(json.Raw), Indented),
        _ => value.ToString() ?? "",
    };

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
