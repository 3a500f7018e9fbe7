using System.Text.Json;
using System.Text.Json.Serialization;

namespace FastCms.Kernel;

/// <summary>Writes instants as UTC ISO 8601 with milliseconds (<c>2026-01-31T12:00:00.000Z</c>), the form stored in the database.</summary>
internal sealed class UtcTimestampJsonConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        Span<char> text = stackalloc char[UtcTimestamp.Length];
        UtcTimestamp.Write(text, value.UtcDateTime);
        writer.WriteStringValue(text);
    }
}
