using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using FastCms.AdminShell;
using FastCms.Auth;
using FastCms.Collections;
using FastCms.Data;
using FastCms.Kernel;
using FastCms.Plugins;
using FastCms.Plugins.Realtime;
using Microsoft.Extensions.Options;

namespace FastCms.Realtime;

/// <summary>
/// Sets a client's subscriptions (<c>POST /api/v1/realtime</c>, and the admin UI's cookie-authenticated twin) for the
/// identity of that request: the client must exist on this instance, the request must come from the stream's address,
/// and a client that already has subscriptions keeps its user. The new set replaces the old one as a whole.
/// </summary>
internal sealed class RealtimeSubscriptions(
    ClientRegistry clients, SchemaCache schemas, Database database, RealtimePlugins plugins, IOptions<RealtimeOptions> options, TimeProvider clock)
{
    public async Task<IResult> SetAsync(HttpContext http, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        JsonObject? body;
        try
        {
            body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: cancellationToken) as JsonObject;
        }
        catch (JsonException e)
        {
            return Problems.BadRequest($"The body is not valid JSON: {e.Message}");
        }

        if (body?["client_id"] is not JsonValue idValue || !idValue.TryGetValue<string>(out var clientId) || clientId.Length == 0)
        {
            return Problems.Validation("client_id", "The client id from the stream's connect event is required.");
        }

        if (body["subscriptions"] is not JsonArray items)
        {
            return Problems.Validation("subscriptions", "A list of topics is required (an empty list removes every subscription).");
        }

        if (clients.Find(clientId) is not { Closing: false } client)
        {
            return Problems.NotFound($"No realtime stream with client id '{clientId}' is open on this server; open a stream and use the id of its connect event.");
        }

        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (client.Address != address)
        {
            return Problems.Forbidden("Subscriptions can only be changed from the address that opened the stream.");
        }

        var identity = Identity(principal);
        var current = client.Subscriptions;
        if (current.Items.Count > 0 && current.Identity.UserId != identity.UserId)
        {
            return Problems.Forbidden("This stream's subscriptions belong to another user; open a new stream.");
        }

        var limit = options.Value.MaxTopicsPerClient;
        if (items.Count > limit)
        {
            return Problems.Validation("subscriptions", $"At most {limit} topics per client (FastCms:Realtime:MaxTopicsPerClient); got {items.Count}.");
        }

        var errors = new FieldErrors();
        var schema = await schemas.GetAsync(cancellationToken);
        var parsed = SubscriptionParser.Parse(items, schema, database.Dialect, plugins, identity.Caller, clock.GetUtcNow(), errors);
        if (errors.Any)
        {
            return errors.ToResult();
        }

        var subscriber = new RealtimeSubscriber(client.Id, identity.UserId, identity.Role, address);
        if (await RefusalAsync(subscriber, parsed, cancellationToken) is { } refusal)
        {
            return Problems.Forbidden(refusal);
        }

        clients.SetSubscriptions(client, new SubscriptionSet(identity, address, parsed));
        return TypedResults.NoContent();
    }

    public static RealtimeIdentity Identity(ClaimsPrincipal principal) => principal.GetUserId() is { } userId
        ? new RealtimeIdentity(
            userId, principal.FindFirstValue(FastCmsClaims.Role) ?? FastCmsRoles.User, principal.FindFirstValue(FastCmsClaims.Email),
            long.TryParse(principal.FindFirstValue(TokenService.TokenVersionClaim), CultureInfo.InvariantCulture, out var version) ? version : 0)
        {
            AdminSessionId = principal.Identities.FirstOrDefault(i => i.AuthenticationType == AdminAuth.Scheme)?.FindFirst(AdminAuth.SessionIdClaim)?.Value,
        }
        : RealtimeIdentity.Anonymous;

    private async Task<string?> RefusalAsync(RealtimeSubscriber subscriber, List<Subscription> subscriptions, CancellationToken cancellationToken)
    {
        foreach (var custom in subscriptions.Where(s => s.IsCustom))
        {
            if (plugins.Prefixes.GetValueOrDefault(custom.Collection) is not { } prefix || !await prefix.Authorize(subscriber, custom.Topic, cancellationToken))
            {
                return $"You may not subscribe to '{custom.Topic}'.";
            }
        }

        var topics = subscriptions.Select(s => s.Topic).ToList();
        foreach (var hook in plugins.Subscribe)
        {
            if (await hook.Handler(subscriber, topics, cancellationToken) is { } reason)
            {
                return reason;
            }
        }

        return null;
    }
}
