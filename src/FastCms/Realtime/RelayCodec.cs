using System.Text.Json.Nodes;
using FastCms.Collections;
using FastCms.Kernel;
using FastCms.Plugins.Events;
using FastCms.Records;

namespace FastCms.Realtime;

/// <summary>
/// The JSON form in which events travel between instances: a record event with every field (hidden ones too, since the
/// receiving instance checks its subscribers' rules itself), or a plugin message.
/// </summary>
internal static class RelayCodec
{
    public static JsonObject Encode(RealtimeEvent e)
    {
        if (e.Record is not { } commit)
        {
            return new JsonObject { ["topic"] = e.Topic, ["owner"] = e.Owner, ["payload"] = e.Payload?.DeepClone(), ["at"] = UtcTimestamp.ToText(e.At) };
        }

        var record = commit.Record;
        return new JsonObject
        {
            ["op"] = commit.Operation.ToString(),
            ["collection"] = record.Collection.Id,
            ["record"] = record.ToJson(includeHidden: true),
            ["at"] = UtcTimestamp.ToText(commit.At),
        };
    }

    /// <summary>The event, or <c>null</c> when its collection or fields are unknown in <paramref name="schema"/>.</summary>
    public static RealtimeEvent? Decode(JsonObject json, SchemaSnapshot schema)
    {
        var at = UtcTimestamp.Parse(json["at"]!.GetValue<string>());
        if (json["topic"] is { } topic)
        {
            return RealtimeEvent.ForTopic(topic.GetValue<string>(), json["payload"]?.DeepClone(), json["owner"]?.GetValue<string>() ?? "", at);
        }

        if (schema.FindById(json["collection"]!.GetValue<string>()) is not { } collection || json["record"] is not JsonObject record
            || !Enum.TryParse<RecordOperation>(json["op"]!.GetValue<string>(), out var operation))
        {
            return null;
        }

        var values = new object?[collection.Fields.Length];
        foreach (var (name, node) in record)
        {
            if (name is "id" or "created" or "updated")
            {
                continue;
            }

            if (!collection.TryGetField(name, out var index))
            {
                return null;
            }

            values[index] = FieldValues.FromNode(collection.Fields[index], node);
        }

        var view = new RecordView(
            collection, record["id"]!.GetValue<string>(), UtcTimestamp.Parse(record["created"]!.GetValue<string>()),
            UtcTimestamp.Parse(record["updated"]!.GetValue<string>()), values, collection.PublicProjection);
        return RealtimeEvent.ForRecord(new RecordCommit(operation, view, null, RecordCaller.System, at));
    }
}
