using System.Data.Common;
using System.Text.Json;
using FastCms.Data;
using Microsoft.AspNetCore.DataProtection;

namespace FastCms.Webhooks;

/// <summary>A configured webhook. <see cref="Events"/> holds event types such as <c>record.created</c>; empty <see cref="Collections"/> means all.</summary>
internal sealed record Webhook(
    string Id,
    string Url,
    string[] Collections,
    string[] Events,
    bool Enabled,
    string Secret,
    string? PreviousSecret,
    DateTimeOffset? PreviousSecretUntil,
    DateTimeOffset Created,
    DateTimeOffset Updated)
{
    public const string Prefix = "webhook:";

    /// <summary>A record filter in the records API's language (see <see cref="WebhookFilter"/>), or <c>null</c> for every record.</summary>
    public string? Filter { get; init; }

    public string ConsumerKey => Prefix + Id;

    /// <summary>The secrets to sign with at <paramref name="now"/>: the current one, and the previous one while its grace period lasts.</summary>
    public IEnumerable<string> SigningSecrets(DateTimeOffset now) =>
        PreviousSecret is not null && PreviousSecretUntil > now ? [Secret, PreviousSecret] : [Secret];
}

/// <summary>What an enabled webhook subscribes to.</summary>
internal sealed record WebhookTarget(string Id, string[] Collections, string[] Events, string? Filter)
{
    public string ConsumerKey => Webhook.Prefix + Id;

    public bool Matches(string type, string collection) =>
        Events.Contains(type) && (Collections.Length == 0 || Collections.Contains(collection));
}

/// <summary>The <c>_webhooks</c> table. Secrets are stored encrypted with the host's data protection keys.</summary>
internal sealed class WebhookStore(Database database, IDataProtectionProvider protection)
{
    private const string Columns = "id, url, collections, events, enabled, secret, previous_secret, previous_secret_until, created, updated, record_filter";

    private readonly IDataProtector _protector = protection.CreateProtector("FastCms.Webhooks.Secret");

    /// <summary>What the enabled webhooks subscribe to, without decrypting their secrets (read for every batch of new events).</summary>
    public async Task<List<WebhookTarget>> TargetsAsync(DbLease lease, CancellationToken cancellationToken)
    {
        await using var command = lease.CreateCommand("SELECT id, collections, events, record_filter FROM _webhooks WHERE enabled = @t");
        command.AddParameter("t", true);
        var targets = new List<WebhookTarget>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            targets.Add(new WebhookTarget(reader.GetString(0), JsonSerializer.Deserialize<string[]>(reader.GetString(1)) ?? [],
                JsonSerializer.Deserialize<string[]>(reader.GetString(2)) ?? [], reader.GetNullableString(3)));
        }

        return targets;
    }

    public async Task<List<Webhook>> ListAsync(CancellationToken cancellationToken)
    {
        await using var lease = await database.LeaseAsync(cancellationToken);
        await using var command = lease.CreateCommand($"SELECT {Columns} FROM _webhooks ORDER BY created");
        return await ReadAsync(command, cancellationToken);
    }

    public async Task<Webhook?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var lease = await database.LeaseAsync(cancellationToken);
        await using var command = lease.CreateCommand($"SELECT {Columns} FROM _webhooks WHERE id = @id");
        command.AddParameter("id", id);
        return (await ReadAsync(command, cancellationToken)).FirstOrDefault();
    }

    public Task SaveAsync(Webhook webhook, bool isNew, CancellationToken cancellationToken)
    {
        // Encrypted before the write: protecting may create a new data protection key (when the current one nears its
        // expiry), which writes to the database itself and would wait on SQLite's write lock held by this write.
        var secret = _protector.Protect(webhook.Secret);
        var previousSecret = webhook.PreviousSecret is { } previous ? _protector.Protect(previous) : null;
        return database.WriteAsync(async session =>
        {
            var dialect = session.Dialect;
            await using var command = session.CreateCommand(isNew
                ? $"INSERT INTO _webhooks ({Columns}) VALUES (@id, @url, @collections, @events, @enabled, @secret, @previous, @until, @created, @updated, @filter)"
                : "UPDATE _webhooks SET url = @url, collections = @collections, events = @events, enabled = @enabled, secret = @secret, " +
                  "previous_secret = @previous, previous_secret_until = @until, updated = @updated, record_filter = @filter WHERE id = @id");
            command.AddParameter("id", webhook.Id)
                .AddParameter("url", webhook.Url)
                .AddParameter("collections", JsonSerializer.Serialize(webhook.Collections))
                .AddParameter("events", JsonSerializer.Serialize(webhook.Events))
                .AddParameter("enabled", webhook.Enabled)
                .AddParameter("secret", secret)
                .AddParameter("previous", previousSecret)
                .AddParameter("until", webhook.PreviousSecretUntil is { } until ? dialect.Timestamp(until) : null)
                .AddParameter("created", dialect.Timestamp(webhook.Created))
                .AddParameter("updated", dialect.Timestamp(webhook.Updated))
                .AddParameter("filter", webhook.Filter);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    /// <summary>Deletes the webhook and its delivery log; returns whether it existed.</summary>
    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) =>
        database.WriteAsync(async session =>
        {
            await using (var log = session.CreateCommand("DELETE FROM _outbox_deliveries WHERE consumer = @consumer"))
            {
                log.AddParameter("consumer", Webhook.Prefix + id);
                await log.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var command = session.CreateCommand("DELETE FROM _webhooks WHERE id = @id");
            command.AddParameter("id", id);
            return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, cancellationToken);

    private async Task<List<Webhook>> ReadAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var dialect = database.Dialect;
        var webhooks = new List<Webhook>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            webhooks.Add(new Webhook(
                reader.GetString(0),
                reader.GetString(1),
                JsonSerializer.Deserialize<string[]>(reader.GetString(2)) ?? [],
                JsonSerializer.Deserialize<string[]>(reader.GetString(3)) ?? [],
                reader.GetBoolean(4),
                _protector.Unprotect(reader.GetString(5)),
                reader.GetNullableString(6) is { } previous ? _protector.Unprotect(previous) : null,
                reader.IsDBNull(7) ? null : dialect.ReadTimestamp(reader, 7),
                dialect.ReadTimestamp(reader, 8),
                dialect.ReadTimestamp(reader, 9))
            {
                Filter = reader.GetNullableString(10),
            });
        }

        return webhooks;
    }
}
