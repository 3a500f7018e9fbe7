using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FastCms.Collections;
using FastCms.Data;
using FastCms.Kernel;

namespace FastCms.Records;

/// <summary>Raw JSON text of a <c>json</c> field, kept as text so that it is written out without re-parsing.</summary>
internal sealed record JsonText(string Raw);

/// <summary>
/// Moves field values between their three forms: the validated CLR value (string, double, bool, DateOnly,
/// DateTimeOffset, string[] for multi-values, <see cref="JsonText"/>), the database parameter/column, and JSON.
/// Empty multi-values are stored as NULL and returned as <c>[]</c>.
/// </summary>
internal static class FieldValues
{
    public static bool IsJsonStored(FieldDefinition field) => field.Type == FieldType.Json || field.IsMultiple;

    public static object? ToParameter(FieldDefinition field, object? value, SqlDialect dialect) => value switch
    {
        null => null,
        string[] { Length: 0 } => null,
        string[] values => JsonSerializer.Serialize(values),
        JsonText json => json.Raw,
        DateOnly date => dialect.Date(date),
        DateTimeOffset instant => dialect.Timestamp(instant),
        _ => value,
    };

    public static object? Read(DbDataReader reader, int ordinal, FieldDefinition field, SqlDialect dialect)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        if (field.IsMultiple)
        {
            return JsonSerializer.Deserialize<string[]>(reader.GetString(ordinal)) ?? [];
        }

        return field.Type switch
        {
            FieldType.Number => reader.GetDouble(ordinal),
            FieldType.Bool => reader.GetBoolean(ordinal),
            FieldType.Date => dialect.ReadDate(reader, ordinal),
            FieldType.DateTime or FieldType.Autodate => dialect.ReadTimestamp(reader, ordinal),
            FieldType.Json => new JsonText(reader.GetString(ordinal)),
            _ => reader.GetString(ordinal),
        };
    }

    public static void Write(Utf8JsonWriter writer, FieldDefinition field, object? value)
    {
        switch (value)
        {
            case null when field.IsMultiple:
                writer.WriteStartArray();
                writer.WriteEndArray();
                break;
            case null:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case double d:
                writer.WriteNumberValue(d);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case DateOnly date:
                writer.WriteStringValue(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                break;
            case DateTimeOffset instant:
                Span<char> text = stackalloc char[UtcTimestamp.Length];
                UtcTimestamp.Write(text, instant.UtcDateTime);
                writer.WriteStringValue(text);
                break;
            case string[] values:
                writer.WriteStartArray();
                foreach (var item in values)
                {
                    writer.WriteStringValue(item);
                }

                writer.WriteEndArray();
                break;
            case JsonText json:
                writer.WriteRawValue(json.Raw, skipInputValidation: true);
                break;
        }
    }

    public static JsonNode? ToNode(FieldDefinition field, object? value) => value switch
    {
        null when field.IsMultiple => new JsonArray(),
        null => null,
        string s => JsonValue.Create(s),
        double d => JsonValue.Create(d),
        bool b => JsonValue.Create(b),
        DateOnly date => JsonValue.Create(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        DateTimeOffset instant => JsonValue.Create(UtcTimestamp.ToText(instant)),
        string[] values => new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]),
        JsonText json => JsonNode.Parse(json.Raw),
        _ => null,
    };

    /// <summary>The inverse of <see cref="ToNode"/>: a value as an event's JSON carries it, back in its stored form.</summary>
    public static object? FromNode(FieldDefinition field, JsonNode? node) => node switch
    {
        null => null,
        JsonArray array when field.IsMultiple => array.Count == 0 ? null : array.Select(v => v!.GetValue<string>()).ToArray(),
        _ when field.Type == FieldType.Json => new JsonText(node.ToJsonString()),
        _ => field.Type switch
        {
            FieldType.Number => node.GetValue<double>(),
            FieldType.Bool => node.GetValue<bool>(),
            FieldType.Date => DateOnly.ParseExact(node.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture),
            FieldType.DateTime or FieldType.Autodate => UtcTimestamp.Parse(node.GetValue<string>()),
            _ => node.GetValue<string>(),
        },
    };

    public static string Timestamp(DateTimeOffset instant) =>
        UtcTimestamp.ToText(instant);
}
