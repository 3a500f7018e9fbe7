using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FastCms.Collections;
using FastCms.Data;
using FastCms.Kernel;
using FastCms.Records;
using FastCms.Records.Query;

namespace FastCms.Realtime;

/// <summary>
/// Reads the topics of a subscribe request: <c>"posts/*"</c>, <c>"posts/{id}"</c> or a plugin's <c>"chat/room1"</c>, each
/// as a string or as <c>{"topic", "filter", "fields", "expand"}</c>, checked as the records API checks its query for
/// this caller. Every problem is reported under <c>subscriptions[i]</c>.
/// </summary>
internal static partial class SubscriptionParser
{
    public static List<Subscription> Parse(
        JsonArray items, SchemaSnapshot schema, SqlDialect dialect, RealtimePlugins plugins, RecordCaller caller, DateTimeOffset now, FieldErrors errors)
    {
        var result = new List<Subscription>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var key = $"subscriptions[{i}]";
            var (topic, filter, fields, expand) = items[i] switch
            {
                JsonValue value when value.TryGetValue<string>(out var text) => (text, null, null, null),
                JsonObject o => (Text(o, "topic"), Text(o, "filter"), Text(o, "fields"), Text(o, "expand")),
                _ => ((string?)null, (string?)null, (string?)null, (string?)null),
            };
            if (topic is null || TopicPattern().Match(topic) is not { Success: true } match)
            {
                errors.Add(key, "A topic is \"{collection}/*\", \"{collection}/{recordId}\" or a plugin's topic such as \"chat/room1\", as a string or as {\"topic\", \"filter\", \"fields\", \"expand\"}.");
                continue;
            }

            var (prefix, rest) = (match.Groups[1].Value, match.Groups[2].Value);
            if (plugins.OwnerOf(prefix) is not null)
            {
                result.Add(new Subscription(topic, prefix, rest == "*" ? null : rest, null, null, null, null) { IsCustom = true });
                continue;
            }

            if (schema.Find(prefix) is not { } collection)
            {
                errors.Add(key, $"Unknown collection '{prefix}'.");
                continue;
            }

            if (collection.IsUsers)
            {
                errors.Add(key, "Users are not published over realtime; they are managed through /api/v1/admin/users and /api/v1/auth.");
                continue;
            }

            if (rest != "*" && !RandomId.IsValid(rest))
            {
                errors.Add(key, $"'{rest}' is not a record id; use \"{prefix}/*\" for every record.");
                continue;
            }

            var subscription = Check(new Subscription(topic, prefix, rest == "*" ? null : rest, Blank(filter), null, Blank(fields), Blank(expand)),
                collection, schema, dialect, caller, now, key, errors);
            if (subscription is not null)
            {
                result.Add(subscription);
            }
        }

        return result;
    }

    private static Subscription? Check(
        Subscription subscription, CompiledCollection collection, SchemaSnapshot schema, SqlDialect dialect, RecordCaller caller, DateTimeOffset now,
        string key, FieldErrors errors)
    {
        var trusted = caller.BypassesRules;
        try
        {
            RecordQuery.ParseFields(subscription.Fields, collection, trusted);
            RecordQuery.ParseExpand(subscription.Expand, collection, schema, trusted);
        }
        catch (InvalidQueryException e)
        {
            errors.Add(key, e.Message);
            return null;
        }

        if (subscription.Filter is not { } filter)
        {
            return subscription;
        }

        try
        {
            var node = FilterParser.Parse(filter);
            new FilterCompiler(schema, collection, dialect, new SqlBuilder(), caller.Request(null), trusted, now).Emit(node);
            return subscription with { FilterNode = node };
        }
        catch (FilterException e)
        {
            errors.Add(key, $"Invalid filter: {e.Message}");
            return null;
        }
    }

    private static string? Text(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex("^([A-Za-z0-9_-]{1,64})/(\\*|[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127})$", RegexOptions.CultureInvariant)]
    private static partial Regex TopicPattern();
}
