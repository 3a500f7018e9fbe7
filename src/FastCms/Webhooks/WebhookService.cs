using FastCms.Collections;
using FastCms.Data;
using FastCms.Kernel;
using FastCms.Outbox;
using Microsoft.Extensions.Options;

namespace FastCms.Webhooks;

/// <summary>Thrown for a webhook request that cannot be saved; carries the field errors.</summary>
internal sealed class WebhookValidationException(FieldErrors errors) : Exception("The webhook is not valid.")
{
    public FieldErrors Errors { get; } = errors;
}

/// <summary>Creating, changing and deleting webhooks (for the API and the admin page alike), and redelivering their events.</summary>
internal sealed class WebhookService(
    WebhookStore store,
    WebhookConsumer consumer,
    WebhookConnector connector,
    SchemaCache schemas,
    Database database,
    OutboxStore outbox,
    OutboxSignal signal,
    IOptions<WebhookOptions> options,
    TimeProvider clock)
{
    public async Task<Webhook> CreateAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var schema = await schemas.GetAsync(cancellationToken);
        var dialect = database.Dialect;
        var url = WebhookRequestValidator.Url(request.Url, required: true, connector, errors);
        var collections = WebhookRequestValidator.Collections(request.Collections, schema, errors) ?? [];
        var events = WebhookRequestValidator.Events(request.Events, errors) ?? WebhookRequestValidator.DefaultEvents;
        var filter = WebhookRequestValidator.FilterFor(WebhookRequestValidator.Filter(request.Filter, errors), collections, events, schema, dialect, errors);
        var secret = WebhookRequestValidator.Secret(request.Secret, errors) ?? WebhookSignature.NewSecret();
        if (errors.Any)
        {
            throw new WebhookValidationException(errors);
        }

        var now = clock.GetUtcNow();
        var webhook = new Webhook(RandomId.New(), url!, collections, events, request.Enabled ?? true, secret, null, null, now, now) { Filter = filter };
        await store.SaveAsync(webhook, isNew: true, cancellationToken);
        await consumer.RefreshAsync(cancellationToken);
        return webhook;
    }

    /// <summary>Applies the fields present in <paramref name="request"/>; a new secret starts a rotation. <c>null</c> if there is no such webhook.</summary>
    public async Task<Webhook?> UpdateAsync(string id, WebhookRequest request, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is not { } current)
        {
            return null;
        }

        var errors = new FieldErrors();
        var schema = await schemas.GetAsync(cancellationToken);
        var dialect = database.Dialect;
        var url = WebhookRequestValidator.Url(request.Url, required: false, connector, errors);
        var collections = WebhookRequestValidator.Collections(request.Collections, schema, errors);
        var events = WebhookRequestValidator.Events(request.Events, errors);
        var filter = WebhookRequestValidator.FilterFor(
            WebhookRequestValidator.Filter(request.Filter, errors) ?? current.Filter, collections ?? current.Collections, events ?? current.Events, schema, dialect, errors);
        var secret = WebhookRequestValidator.Secret(request.Secret, errors);
        if (errors.Any)
        {
            throw new WebhookValidationException(errors);
        }

        var now = clock.GetUtcNow();
        var updated = current with
        {
            Url = url ?? current.Url,
            Collections = collections ?? current.Collections,
            Events = events ?? current.Events,
            Enabled = request.Enabled ?? current.Enabled,
            Filter = filter,
            Updated = now,
        };
        if (secret is not null && secret != current.Secret)
        {
            updated = Rotated(updated, secret, now);
        }

        await store.SaveAsync(updated, isNew: false, cancellationToken);
        await consumer.RefreshAsync(cancellationToken);
        return updated;
    }

    /// <summary>Replaces the secret with a generated one; the old one keeps signing during the grace period.</summary>
    public async Task<Webhook?> RotateSecretAsync(string id, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is not { } current)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var updated = Rotated(current with { Updated = now }, WebhookSignature.NewSecret(), now);
        await store.SaveAsync(updated, isNew: false, cancellationToken);
        return updated;
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var deleted = await store.DeleteAsync(id, cancellationToken);
        await consumer.RefreshAsync(cancellationToken);
        return deleted;
    }

    /// <summary>Makes one delivery of the webhook due again now, with a fresh count of attempts.</summary>
    public async Task<bool> RedeliverAsync(string id, string deliveryId, CancellationToken cancellationToken)
    {
        var done = await outbox.RedeliverAsync(deliveryId, Webhook.Prefix + id, clock.GetUtcNow(), cancellationToken);
        if (done)
        {
            signal.Wake();
        }

        return done;
    }

    private Webhook Rotated(Webhook webhook, string secret, DateTimeOffset now) =>
        webhook with { Secret = secret, PreviousSecret = webhook.Secret, PreviousSecretUntil = now + options.Value.SecretRotationGrace };
}
