using System.Text.Json.Nodes;
using FastCms.Collections;
using FastCms.Data;
using FastCms.Outbox;
using FastCms.Records.Query;

namespace FastCms.Webhooks;

/// <summary>
/// Applies the webhooks' record filters to a batch of new events while the dispatcher fans them out, so a delivery is
/// recorded only for an event its webhook's filter accepts; each filter is parsed once per batch.
/// </summary>
internal sealed class WebhookFilters(Database database, SchemaCache schemas, ILogger<WebhookFilters> logger)
{
    /// <summary>The (event id, webhook id) pairs whose webhook would take the event by collection and type, but whose filter refuses it.</summary>
    public async Task<HashSet<(string Event, string Webhook)>> RefusedAsync(
        IReadOnlyList<WebhookTarget> targets, IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken)
    {
        var refused = new HashSet<(string, string)>();
        var schema = await schemas.GetAsync(cancellationToken);
        foreach (var target in targets)
        {
            var node = Parse(target);
            foreach (var e in events.Where(e => target.Matches(e.Type, e.Collection)))
            {
                if (node is null || !WebhookFilter.AppliesTo(e.Type) || !await MatchesAsync(schema, node, e, target, cancellationToken))
                {
                    refused.Add((e.Id, target.Id));
                }
            }
        }

        return refused;
    }

    private async Task<bool> MatchesAsync(SchemaSnapshot schema, FilterNode node, OutboxEvent e, WebhookTarget target, CancellationToken cancellationToken)
    {
        if (schema.Find(e.Collection) is not { } collection)
        {
            logger.LogWarning("Webhook {Webhook} skips {EventId}: collection {Collection} no longer exists", target.Id, e.Id, e.Collection);
            return false;
        }

        var record = WebhookFilter.Decode(collection, JsonNode.Parse(e.Payload)!.AsObject());
        try
        {
            return await WebhookFilter.MatchesAsync(database, schema, node, record, e.Created, cancellationToken);
        }
        catch (FilterException error)
        {
            logger.LogWarning("Webhook {Webhook} skips {EventId}: its filter no longer fits collection {Collection} ({Error}); fix the filter",
                target.Id, e.Id, e.Collection, error.Message);
            return false;
        }
    }

    // Filters are checked when saved; one that no longer parses matches nothing rather than everything.
    private FilterNode? Parse(WebhookTarget target)
    {
        try
        {
            return FilterParser.Parse(target.Filter!);
        }
        catch (FilterException e)
        {
            logger.LogWarning("Webhook {Webhook} has a filter that no longer parses ({Error}); it takes no record events", target.Id, e.Message);
            return null;
        }
    }
}
