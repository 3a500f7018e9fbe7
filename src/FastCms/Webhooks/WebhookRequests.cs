using System.Text.Json;
using FastCms.Collections;
using FastCms.Data;
using FastCms.Kernel;
using FastCms.Plugins.Events;

namespace FastCms.Webhooks;

/// <summary>The body of <c>POST</c> and <c>PATCH /api/v1/admin/webhooks</c>; on PATCH an absent field keeps its value.</summary>
internal sealed record WebhookRequest(string? Url, string[]? Collections, string[]? Events, JsonElement? Filter, bool? Enabled, string? Secret);

internal sealed record WebhookResponse(
    string Id,
    string Url,
    string[] Collections,
    string[] Events,
    string? Filter,
    bool Enabled,
    string SecretHint,
    DateTimeOffset? PreviousSecretValidUntil,
    DateTimeOffset Created,
    DateTimeOffset Updated)
{
    /// <summary>The full secret: only in the answer that created or rotated it.</summary>
    public string? Secret { get; init; }

    public static WebhookResponse From(Webhook w, DateTimeOffset now) =>
        new(w.Id, w.Url, w.Collections, w.Events, w.Filter, w.Enabled, WebhookSignature.Hint(w.Secret), w.PreviousSecretUntil > now ? w.PreviousSecretUntil : null, w.Created, w.Updated);
}

/// <summary>Checks a webhook request field by field, turning short event names into event types.</summary>
internal static class WebhookRequestValidator
{
    private static readonly Dictionary<string, string> EventNames = new(StringComparer.Ordinal)
    {
        ["create"] = EventTypes.RecordCreated,
        ["update"] = EventTypes.RecordUpdated,
        ["delete"] = EventTypes.RecordDeleted,
        [EventTypes.RecordCreated] = EventTypes.RecordCreated,
        [EventTypes.RecordUpdated] = EventTypes.RecordUpdated,
        [EventTypes.RecordDeleted] = EventTypes.RecordDeleted,
        [EventTypes.CollectionCreated] = EventTypes.CollectionCreated,
        [EventTypes.CollectionUpdated] = EventTypes.CollectionUpdated,
        [EventTypes.CollectionDeleted] = EventTypes.CollectionDeleted,
    };

    public static readonly string[] DefaultEvents = [EventTypes.RecordCreated, EventTypes.RecordUpdated, EventTypes.RecordDeleted];

    public static string? Url(string? url, bool required, WebhookConnector connector, FieldErrors errors)
    {
        if (url is null)
        {
            if (required)
            {
                errors.Add("url", "This field is required.");
            }

            return null;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            errors.Add("url", $"'{url}' is not an absolute http or https URL.");
            return null;
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            errors.Add("url", "A webhook URL may not carry a user name or password.");
            return null;
        }

        if (connector.CheckLiteral(uri) is { } refused)
        {
            errors.Add("url", $"This URL is refused: {refused}");
            return null;
        }

        return uri.AbsoluteUri;
    }

    public static string[]? Collections(string[]? collections, SchemaSnapshot schema, FieldErrors errors)
    {
        if (collections is null)
        {
            return null;
        }

        foreach (var name in collections.Where(n => n is null || schema.Find(n) is null))
        {
            errors.Add("collections", $"There is no collection named '{name}'.");
        }

        return [.. collections.Distinct(StringComparer.Ordinal)];
    }

    public static string[]? Events(string[]? events, FieldErrors errors)
    {
        if (events is null)
        {
            return null;
        }

        if (events.Length == 0)
        {
            errors.Add("events", "Name at least one event: create, update, delete (or record.*, collection.* event types).");
        }

        var types = new List<string>();
        foreach (var name in events)
        {
            if (name is not null && EventNames.TryGetValue(name, out var type))
            {
                types.Add(type);
            }
            else
            {
                errors.Add("events", $"Unknown event '{name}': use create, update, delete, or one of record.created, record.updated, record.deleted, collection.created, collection.updated, collection.deleted.");
            }
        }

        return [.. types.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The filter text of the request: <c>null</c> when absent (keep the current one), <c>""</c> to remove it. It is checked
    /// against the collections and events the webhook will have, by <see cref="FilterFor"/>.
    /// </summary>
    public static string? Filter(JsonElement? filter, FieldErrors errors)
    {
        switch (filter)
        {
            case null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined }:
                return null;
            case { ValueKind: JsonValueKind.String } text:
                return text.GetString()!.Trim();
            default:
                errors.Add("filter", "The filter is an expression in a string, such as \"status = 'published' && views > 10\" (\"\" removes it).");
                return null;
        }
    }

    /// <summary>The filter to store (<c>null</c> for none), after checking that it can be decided for every event the webhook takes.</summary>
    public static string? FilterFor(string? filter, string[] collections, string[] events, SchemaSnapshot schema, SqlDialect dialect, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(filter))
        {
            return null;
        }

        if (WebhookFilter.Validate(filter, collections, events, schema, dialect) is { } problem)
        {
            errors.Add("filter", problem);
        }

        return filter;
    }

    public static string? Secret(string? secret, FieldErrors errors)
    {
        if (secret is not null && WebhookSignature.Validate(secret) is { } problem)
        {
            errors.Add("secret", problem);
        }

        return secret;
    }
}
