using System.Buffers;
using System.Text.Json;
using FastCms.Collections;
using FastCms.Data;
using FastCms.Records;

namespace FastCms.Realtime;

/// <summary>
/// Writes a record event as a subscriber sees it: <c>{"action", "record"}</c> with the record in the records API's
/// shape, only the subscription's <c>fields</c> (never hidden ones), expanded with the subscriber's rights.
/// </summary>
internal sealed class MessageRenderer(Database database, SchemaCache schemas, TimeProvider clock)
{
    public async Task<byte[]> RenderAsync(RealtimeEvent e, Subscription subscription, RealtimeIdentity identity, CancellationToken cancellationToken)
    {
        var source = e.Record!.Record;
        var collection = source.Collection;
        var caller = identity.Caller;
        var view = new RecordView(collection, source.Id, source.Created, source.Updated, source.Values, Projection(subscription, collection, caller.BypassesRules));
        if (subscription.Expand is { } expand)
        {
            var schema = await schemas.GetAsync(cancellationToken);
            if (Plan(expand, collection, schema, caller.BypassesRules) is { } plan)
            {
                await using var lease = await database.LeaseAsync(cancellationToken);
                await new RecordExpander(schema, database.Dialect, caller, clock.GetUtcNow()).ExpandAsync(lease, [view], plan, cancellationToken);
            }
        }

        return Write(e.Action, view);
    }

    public static byte[] Write(string action, RecordView view)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("action", action);
            writer.WritePropertyName("record");
            JsonSerializer.Serialize(writer, view);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    // Checked at subscribe time; a field or relation removed since then is left out rather than failing the message.
    private static Projection Projection(Subscription subscription, CompiledCollection collection, bool trusted)
    {
        try
        {
            return RecordQuery.ParseFields(subscription.Fields, collection, trusted);
        }
        catch (InvalidQueryException)
        {
            return collection.PublicProjection;
        }
    }

    private static ExpandPlan? Plan(string expand, CompiledCollection collection, SchemaSnapshot schema, bool trusted)
    {
        try
        {
            return RecordQuery.ParseExpand(expand, collection, schema, trusted);
        }
        catch (InvalidQueryException)
        {
            return null;
        }
    }
}
