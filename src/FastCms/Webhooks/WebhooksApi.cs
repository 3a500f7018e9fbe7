using FastCms.Kernel;
using FastCms.Plugins;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FastCms.Webhooks;

/// <summary>
/// The admin webhooks API at <c>/api/v1/admin/webhooks</c>, and the state of durable plugin handlers at
/// <c>/api/v1/admin/outbox/handlers</c>.
/// </summary>
internal static class WebhooksApi
{
    public static RouteGroupBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/admin/outbox/handlers", async (DeliveryLog log, CancellationToken ct) => TypedResults.Ok(await log.HandlersAsync(ct)))
            .WithTags("Admin: webhooks").RequireAdmin();

        var api = app.MapGroup("/api/v1/admin/webhooks").WithTags("Admin: webhooks").RequireAdmin();
        api.MapGet("/", ListAsync);
        api.MapPost("/", CreateAsync);
        api.MapGet("/{id}", GetAsync);
        api.MapPatch("/{id}", UpdateAsync);
        api.MapDelete("/{id}", DeleteAsync);
        api.MapPost("/{id}/rotate-secret", RotateAsync);
        api.MapGet("/{id}/deliveries", DeliveriesAsync);
        api.MapPost("/{id}/deliveries/{deliveryId}/redeliver", RedeliverAsync);
        return api;
    }

    private static async Task<Ok<List<WebhookResponse>>> ListAsync(WebhookStore store, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok((await store.ListAsync(ct)).Select(w => WebhookResponse.From(w, clock.GetUtcNow())).ToList());

    private static async Task<Results<Created<WebhookResponse>, ValidationProblem>> CreateAsync(
        WebhookRequest request, WebhookService webhooks, TimeProvider clock, CancellationToken ct)
    {
        try
        {
            var webhook = await webhooks.CreateAsync(request, ct);
            return TypedResults.Created($"/api/v1/admin/webhooks/{webhook.Id}", WebhookResponse.From(webhook, clock.GetUtcNow()) with { Secret = webhook.Secret });
        }
        catch (WebhookValidationException e)
        {
            return e.Errors.ToResult();
        }
    }

    private static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> GetAsync(string id, WebhookStore store, TimeProvider clock, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { } webhook ? TypedResults.Ok(WebhookResponse.From(webhook, clock.GetUtcNow())) : NotFound(id);

    private static async Task<Results<Ok<WebhookResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string id, WebhookRequest request, WebhookService webhooks, TimeProvider clock, CancellationToken ct)
    {
        try
        {
            return await webhooks.UpdateAsync(id, request, ct) is { } webhook ? TypedResults.Ok(WebhookResponse.From(webhook, clock.GetUtcNow())) : NotFound(id);
        }
        catch (WebhookValidationException e)
        {
            return e.Errors.ToResult();
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, WebhookService webhooks, CancellationToken ct) =>
        await webhooks.DeleteAsync(id, ct) ? TypedResults.NoContent() : NotFound(id);

    private static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> RotateAsync(string id, WebhookService webhooks, TimeProvider clock, CancellationToken ct) =>
        await webhooks.RotateSecretAsync(id, ct) is { } webhook
            ? TypedResults.Ok(WebhookResponse.From(webhook, clock.GetUtcNow()) with { Secret = webhook.Secret })
            : NotFound(id);

    private static async Task<Results<Ok<List<DeliveryEntry>>, ProblemHttpResult>> DeliveriesAsync(
        string id, string? status, int? page, WebhookStore store, DeliveryLog log, CancellationToken ct)
    {
        if (status is not (null or "pending" or "delivered" or "dead"))
        {
            return Problems.BadRequest($"Unknown status '{status}': use pending, delivered or dead.");
        }

        return await store.GetAsync(id, ct) is null ? NotFound(id) : TypedResults.Ok(await log.ListAsync(Webhook.Prefix + id, status, page ?? 1, ct));
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> RedeliverAsync(string id, string deliveryId, WebhookService webhooks, CancellationToken ct) =>
        await webhooks.RedeliverAsync(id, deliveryId, ct) ? TypedResults.Accepted((string?)null) : Problems.NotFound($"Webhook '{id}' has no delivery '{deliveryId}'.");

    private static ProblemHttpResult NotFound(string id) => Problems.NotFound($"There is no webhook with id '{id}'.");
}
