using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using FastCms.Collections;

namespace FastCms.Records;

/// <summary>
/// A record as read from its table: values by field index, and which of them the caller may see. The API writes it
/// as <c>{"id", "data", "created", "updated", "expand"?}</c>; hidden fields are never among the visible ones.
/// </summary>
[JsonConverter(typeof(RecordViewJsonConverter))]
internal sealed class RecordView(CompiledCollection collection, string id, DateTimeOffset created, DateTimeOffset updated, object?[] values, Projection projection)
{
    public CompiledCollection Collection { get; } = collection;

    public string Id { get; } = id;

    public DateTimeOffset Created { get; } = created;

    public DateTimeOffset Updated { get; } = updated;

    /// <summary>Values by field index; fields that were not read are <c>null</c>.</summary>
    public object?[] Values { get; } = values;

    public Projection Projection { get; set; } = projection;

    /// <summary>
    /// Set on the answer to a write when the collection's view rule hides the record from the writer: the answer must
    /// not show more than a read would, so only the id is written.
    /// </summary>
    public bool Withheld { get; set; }

    /// <summary>Expanded relations by field name: a <see cref="RecordView"/> or a list of them.</summary>
    public Dictionary<string, object>? Expand { get; set; }

    public object? this[string field] => Collection.TryGetField(field, out var i) ? Values[i] : null;

    /// <summary>The flat form events and hooks use: <c>id</c>, <c>created</c>, <c>updated</c> and the fields.</summary>
    public JsonObject ToJson(bool includeHidden)
    {
        var json = new JsonObject
        {
            ["id"] = Id,
            ["created"] = FieldValues.Timestamp(Created),
            ["updated"] = FieldValues.Timestamp(Updated),
        };
        foreach (var i in includeHidden ? Collection.AllFields : Collection.PublicFields)
        {
            json[Collection.Fields[i].Name] = FieldValues.ToNode(Collection.Fields[i], Values[i]);
        }

        return json;
    }

    /// <summary>Writes the flat form of <see cref="ToJson"/> with the public fields, without building it first.</summary>
    public void WriteFlat(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("id", Id);
        writer.WriteString("created", FieldValues.Timestamp(Created));
        writer.WriteString("updated", FieldValues.Timestamp(Updated));
        foreach (var i in Collection.PublicFields)
        {
            writer.WritePropertyName(Collection.Fields[i].Name);
            FieldValues.Write(writer, Collection.Fields[i], Values[i]);
        }

        writer.WriteEndObject();
    }
}

/// <summary>Which parts of a record a response shows (the <c>fields</c> query parameter).</summary>
internal sealed record Projection(int[] Fields, bool Created, bool Updated)
{
    public static Projection Public(CompiledCollection collection) => collection.PublicProjection;
}

internal sealed class RecordViewJsonConverter : JsonConverter<RecordView>
{
    public override RecordView Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Records are written, not read, through this converter.");

    public override void Write(Utf8JsonWriter writer, RecordView value, JsonSerializerOptions options)
    {
        var collection = value.Collection;
        var projection = value.Projection;
        writer.WriteStartObject();
        writer.WriteString("id", value.Id);
        if (value.Withheld)
        {
            writer.WriteEndObject();
            return;
        }

        writer.WriteStartObject("data");
        foreach (var i in projection.Fields)
        {
            var field = collection.Fields[i];
            writer.WritePropertyName(field.Name);
            FieldValues.Write(writer, field, value.Values[i]);
        }

        writer.WriteEndObject();
        if (projection.Created)
        {
            writer.WriteString("created", FieldValues.Timestamp(value.Created));
        }

        if (projection.Updated)
        {
            writer.WriteString("updated", FieldValues.Timestamp(value.Updated));
        }

        if (value.Expand is { Count: > 0 } expand)
        {
            writer.WriteStartObject("expand");
            foreach (var (name, related) in expand)
            {
                writer.WritePropertyName(name);
                if (related is RecordView single)
                {
                    Write(writer, single, options);
                    continue;
                }

                writer.WriteStartArray();
                foreach (var item in (List<RecordView>)related)
                {
                    Write(writer, item, options);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}
