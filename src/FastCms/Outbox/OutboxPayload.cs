using System.Buffers;
using System.Text;
using System.Text.Json;
using FastCms.Kernel;
using FastCms.Plugins.Events;

namespace FastCms.Outbox;

/// <summary>
/// The JSON body of an outbox event, which is what a webhook receives:
/// <c>{"id","type","collection","record","previous","timestamp"}</c> for record events and
/// <c>{"id","type","collection","collection_id","previous_name","timestamp"}</c> for collection events.
/// </summary>
internal static class OutboxPayload
{
    public static string Write(string id, FastCmsEvent @event) =>
        Write(id, @event.Type, @event.Collection, @event.Timestamp, json =>
        {
            switch (@event)
            {
                case RecordEvent record:
                    json.WritePropertyName("record");
                    record.Data.WriteTo(json);
                    if (record.Previous is { } previous)
                    {
                        json.WritePropertyName("previous");
                        previous.WriteTo(json);
                    }

                    break;
                case CollectionEvent collection:
                    json.WriteString("collection_id", collection.CollectionId);
                    if (collection.PreviousName is { } previousName)
                    {
                        json.WriteString("previous_name", previousName);
                    }

                    break;
            }
        });

    /// <summary>A body whose type-specific members <paramref name="body"/> writes, for an event that was never built as an object.</summary>
    public static string Write(string id, string type, string collection, DateTimeOffset timestamp, Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", id);
            json.WriteString("type", type);
            json.WriteString("collection", collection);
            body(json);
            json.WriteString("timestamp", UtcTimestamp.ToText(timestamp));
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
