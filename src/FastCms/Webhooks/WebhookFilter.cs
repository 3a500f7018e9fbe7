using System.Text.Json.Nodes;
using FastCms.Collections;
using FastCms.Data;
using FastCms.Kernel;
using FastCms.Plugins.Events;
using FastCms.Records;
using FastCms.Records.Query;

namespace FastCms.Webhooks;

/// <summary>
/// A webhook's record filter: the records API's filter language, decided against the record an event carries (after
/// the write for create and update, as it was before for delete) at the event's own time, so a delivery delayed by a
/// busy dispatcher gets the answer it would have had at once. Only what can be decided from that record alone is
/// accepted: its own visible fields, <c>id</c>, <c>created</c>, <c>updated</c>, constants and date macros.
/// </summary>
internal static class WebhookFilter
{
    /// <summary>Why <paramref name="text"/> cannot filter a webhook on <paramref name="collections"/>, or <c>null</c> when it can.</summary>
    public static string? Validate(string text, string[] collections, string[] events, SchemaSnapshot schema, SqlDialect dialect)
    {
        if (collections.Length == 0)
        {
            return "A filter names fields, so name the collections it applies to in 'collections'.";
        }

        if (events.FirstOrDefault(e => !e.StartsWith("record.", StringComparison.Ordinal)) is { } other)
        {
            return $"A filter applies to record events; '{other}' carries no record. Use a separate webhook for collection events.";
        }

        FilterNode node;
        try
        {
            node = FilterParser.Parse(text);
        }
        catch (FilterException e)
        {
            return e.Message;
        }

        foreach (var name in collections)
        {
            if (schema.Find(name) is not { } collection)
            {
                continue;
            }

            if (Undecidable(node, collection) is { } reason)
            {
                return reason;
            }

            try
            {
                // The SQL compiler is the reference for what the language accepts (unknown or hidden fields, types).
                new FilterCompiler(schema, collection, dialect, new SqlBuilder(), RequestValues.Placeholder, trusted: false, DateTimeOffset.UnixEpoch).Emit(node);
            }
            catch (FilterException e)
            {
                return collections.Length == 1 ? e.Message : $"In collection '{name}': {e.Message}";
            }
        }

        return null;
    }

    /// <summary>
    /// The record in <paramref name="payload"/> (an outbox event's JSON) as <paramref name="collection"/> stores it now;
    /// fields that no longer exist are left out and fields added since are empty.
    /// </summary>
    public static RecordView Decode(CompiledCollection collection, JsonObject payload)
    {
        var record = payload["record"]!.AsObject();
        var values = new object?[collection.Fields.Length];
        foreach (var (name, node) in record)
        {
            if (name is not ("id" or "created" or "updated") && collection.TryGetField(name, out var index))
            {
                values[index] = FieldValues.FromNode(collection.Fields[index], node);
            }
        }

        return new RecordView(collection, record["id"]!.GetValue<string>(), UtcTimestamp.Parse(record["created"]!.GetValue<string>()),
            UtcTimestamp.Parse(record["updated"]!.GetValue<string>()), values, collection.PublicProjection);
    }

    /// <summary>
    /// Whether <paramref name="record"/> matches, decided in memory; where the evaluator leaves it to the database (text
    /// outside ASCII under <c>~</c>) the same filter runs as one SQL statement over the record's values, as the records
    /// API would on this database. Throws <see cref="FilterException"/> when the schema no longer accepts the filter.
    /// </summary>
    public static async Task<bool> MatchesAsync(
        Database database, SchemaSnapshot schema, FilterNode node, RecordView record, DateTimeOffset at, CancellationToken cancellationToken) =>
        Decide(node, record, at) ?? await SnapshotCheck.MatchesAsync(database, schema, record, null, node, RecordCaller.Anonymous, Millisecond(at), cancellationToken);

    /// <summary>
    /// Whether <paramref name="record"/> matches, as far as the in-memory evaluator decides it; <c>null</c> when only the
    /// database can. Throws <see cref="FilterException"/> when the collection no longer accepts the filter (a field it
    /// names was removed or changed its type since the filter was saved).
    /// </summary>
    public static bool? Decide(FilterNode node, RecordView record, DateTimeOffset at) =>
        new FilterEvaluator(record.Collection, RequestValues.Placeholder, trusted: false, Millisecond(at)).Evaluate(node, record);

    // Stored timestamps have millisecond precision; a finer @now would make equal instants undecidable.
    private static DateTimeOffset Millisecond(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    /// <summary>Why the in-memory evaluator could never decide <paramref name="node"/> on its own, or <c>null</c>.</summary>
    private static string? Undecidable(FilterNode node, CompiledCollection collection) => node switch
    {
        AndNode and => Undecidable(and.Left, collection) ?? Undecidable(and.Right, collection),
        OrNode or => Undecidable(or.Left, collection) ?? Undecidable(or.Right, collection),
        NotNode not => Undecidable(not.Inner, collection),
        ComparisonNode c => Undecidable(c, collection),
        _ => null,
    };

    private static string? Undecidable(ComparisonNode node, CompiledCollection collection)
    {
        foreach (var operand in new[] { node.Left, node.Right })
        {
            switch (operand)
            {
                case FieldOperand { Path.Length: > 1 } path:
                    return $"'{path.Text}' goes through a relation (position {path.Position}); a webhook filter is decided against the event's record alone, so it may name only that record's own fields.";
                case RequestOperand request:
                    return $"'{request.Text}' has no value in a webhook filter (position {request.Position}): a delivery has no request or signed-in user.";
            }
        }

        var left = Kind(node.Left, collection);
        var right = Kind(node.Right, collection);
        var field = (node.Left as FieldOperand ?? node.Right as FieldOperand)?.Text;
        if (node.Op is CompareOp.Like or CompareOp.NotLike)
        {
            return left == ValueKind.Json
                ? $"'{field}' holds JSON, whose text form only the database knows; '~' on it cannot be decided from the event's record (position {node.OpPosition})."
                : left is not null && right is not null
                    ? $"'~' between two fields treats the right one as a pattern, which only the database decides (position {node.OpPosition})."
                    : null;
        }

        var ordering = node.Op is CompareOp.Greater or CompareOp.GreaterOrEqual or CompareOp.Less or CompareOp.LessOrEqual;
        return ordering && (left == ValueKind.Text || right == ValueKind.Text)
            ? $"Ordering text with '<' or '>' follows the database's collation, which the event's record cannot tell (position {node.OpPosition}); compare text with = != ~ !~."
            : null;
    }

    private static ValueKind? Kind(Operand operand, CompiledCollection collection) => operand switch
    {
        FieldOperand { Path: ["id"] } => ValueKind.Text,
        FieldOperand { Path: ["created"] or ["updated"] } => ValueKind.DateTime,
        FieldOperand field when collection.TryGetField(field.Path[0], out var index) =>
            collection.Fields[index].IsMultiple ? ValueKind.Text : collection.Fields[index].Type.Kind(),
        _ => null,
    };

    /// <summary>Whether the event type carries a record the filter can be applied to.</summary>
    public static bool AppliesTo(string type) => type is EventTypes.RecordCreated or EventTypes.RecordUpdated or EventTypes.RecordDeleted;
}
