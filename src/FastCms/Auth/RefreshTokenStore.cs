using System.Security.Cryptography;
using System.Text;
using FastCms.Data;
using FastCms.Users;
using Microsoft.Extensions.Options;

namespace FastCms.Auth;

internal enum RefreshOutcome
{
    Rotated,
    Invalid,
    Expired,
    Reused,
}

internal sealed record RefreshResult(RefreshOutcome Outcome, User? User = null, string? RefreshToken = null);

/// <summary>The client a token was issued to, kept for the user's own information.</summary>
internal sealed record ClientInfo(string? UserAgent, string? Ip)
{
    public static ClientInfo From(HttpContext context) => new(
        context.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent[..Math.Min(agent.Length, 256)] : null,
        context.Connection.RemoteIpAddress?.ToString());
}

/// <summary>
/// Opaque refresh tokens, stored as SHA-256 hashes and rotated on every use. Each login starts a family; using
/// a token that was already rotated revokes its whole family, since either the client or an attacker holds a
/// copy.
/// </summary>
internal sealed class RefreshTokenStore(Database database, UserStore users, IOptions<AuthOptions> options, TimeProvider clock)
{
    public async Task<string> IssueAsync(DbSession session, string userId, string? familyId, ClientInfo client, CancellationToken cancellationToken)
    {
        var token = NewToken();
        var now = clock.GetUtcNow();
        await using var command = session.CreateCommand(
            "INSERT INTO _refresh_tokens (id, user_id, family_id, token_hash, created, expires_at, user_agent, ip) " +
            "VALUES (@id, @user, @family, @hash, @created, @expires, @agent, @ip)");
        command.AddParameter("id", RandomId.New())
            .AddParameter("user", userId)
            .AddParameter("family", familyId ?? RandomId.New())
            .AddParameter("hash", Hash(token))
            .AddParameter("created", session.Dialect.Timestamp(now))
            .AddParameter("expires", session.Dialect.Timestamp(now.AddDays(options.Value.RefreshTokenDays)))
            .AddParameter("agent", client.UserAgent)
            .AddParameter("ip", client.Ip);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return token;
    }

    public Task<RefreshResult> RotateAsync(string token, ClientInfo client, CancellationToken cancellationToken) =>
        database.WriteAsync(async session =>
        {
            string id, userId, familyId;
            DateTimeOffset expires;
            bool revoked;
            await using (var find = session.CreateCommand(
                "SELECT id, user_id, family_id, expires_at, revoked_at FROM _refresh_tokens WHERE token_hash = @hash"))
            {
                find.AddParameter("hash", Hash(token));
                await using var reader = await find.ExecuteReaderAsync(cancellationToken);
                if (!await reader.ReadAsync(cancellationToken))
                {
                    return new RefreshResult(RefreshOutcome.Invalid);
                }

                (id, userId, familyId) = (reader.GetString(0), reader.GetString(1), reader.GetString(2));
                expires = session.Dialect.ReadTimestamp(reader, 3);
                revoked = !reader.IsDBNull(4);
            }

            if (revoked)
            {
                await RevokeFamilyAsync(session, familyId, cancellationToken);
                return new RefreshResult(RefreshOutcome.Reused);
            }

            if (expires <= clock.GetUtcNow())
            {
                return new RefreshResult(RefreshOutcome.Expired);
            }

            var user = await users.FindByIdAsync(session, userId, cancellationToken);
            if (user is null)
            {
                return new RefreshResult(RefreshOutcome.Invalid);
            }

            await using (var consume = session.CreateCommand(
                "UPDATE _refresh_tokens SET revoked_at = @now WHERE id = @id AND revoked_at IS NULL"))
            {
                consume.AddParameter("now", session.Dialect.Timestamp(clock.GetUtcNow())).AddParameter("id", id);
                if (await consume.ExecuteNonQueryAsync(cancellationToken) == 0)
                {
                    // Another request rotated the same token a moment ago: treat it as reuse.
                    await RevokeFamilyAsync(session, familyId, cancellationToken);
                    return new RefreshResult(RefreshOutcome.Reused);
                }
            }

            var next = await IssueAsync(session, userId, familyId, client, cancellationToken);
            return new RefreshResult(RefreshOutcome.Rotated, user, next);
        }, cancellationToken);

    /// <summary>Revokes the session (token family) the token belongs to; unknown tokens are ignored.</summary>
    public Task RevokeSessionAsync(string token, CancellationToken cancellationToken) =>
        database.WriteAsync(async session =>
        {
            await using var command = session.CreateCommand(
                "UPDATE _refresh_tokens SET revoked_at = @now WHERE revoked_at IS NULL AND family_id = " +
                "(SELECT family_id FROM _refresh_tokens WHERE token_hash = @hash)");
            command.AddParameter("now", session.Dialect.Timestamp(clock.GetUtcNow())).AddParameter("hash", Hash(token));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public async Task RevokeAllAsync(DbSession session, string userId, CancellationToken cancellationToken)
    {
        await using var command = session.CreateCommand(
            "UPDATE _refresh_tokens SET revoked_at = @now WHERE user_id = @user AND revoked_at IS NULL");
        command.AddParameter("now", session.Dialect.Timestamp(clock.GetUtcNow())).AddParameter("user", userId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task RevokeFamilyAsync(DbSession session, string familyId, CancellationToken cancellationToken)
    {
        await using var command = session.CreateCommand(
            "UPDATE _refresh_tokens SET revoked_at = @now WHERE family_id = @family AND revoked_at IS NULL");
        command.AddParameter("now", session.Dialect.Timestamp(clock.GetUtcNow())).AddParameter("family", familyId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string NewToken() => Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
