using FastCms.Data;
using Microsoft.Extensions.Options;

namespace FastCms.AdminShell;

/// <summary>
/// The server side of admin UI sessions: one row per sign-in, named by the cookie. Signing out revokes the row, so
/// a copy of the cookie dies with it on every instance; each request checks its row together with the account's
/// token version in one primary-key lookup, which also ends the session at once on logout-all, a password or
/// role change and deletion.
/// </summary>
internal sealed class AdminSessionStore(Database database, IOptions<AdminUiOptions> options, TimeProvider clock)
{
    /// <summary>Records a new session and forgets the ones that have ended or expired.</summary>
    public Task<string> StartAsync(string userId, CancellationToken cancellationToken) =>
        database.WriteAsync(async session =>
        {
            var now = clock.GetUtcNow();
            await using (var prune = session.CreateCommand(
                "DELETE FROM _admin_sessions WHERE revoked_at IS NOT NULL OR last_seen < @cutoff"))
            {
                prune.AddParameter("cutoff", session.Dialect.Timestamp(now - Lifetime));
                await prune.ExecuteNonQueryAsync(cancellationToken);
            }

            var id = RandomId.New();
            await using var insert = session.CreateCommand(
                "INSERT INTO _admin_sessions (id, user_id, created, last_seen) VALUES (@id, @user, @now, @now)");
            insert.AddParameter("id", id).AddParameter("user", userId).AddParameter("now", session.Dialect.Timestamp(now));
            await insert.ExecuteNonQueryAsync(cancellationToken);
            return id;
        }, cancellationToken);

    /// <summary>Whether the session is neither revoked nor of an account whose token version has moved on.</summary>
    public async Task<bool> IsActiveAsync(string sessionId, string userId, long tokenVersion, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand(
            "SELECT u.token_version FROM _admin_sessions s JOIN users u ON u.id = s.user_id " +
            "WHERE s.id = @id AND s.user_id = @user AND s.revoked_at IS NULL");
        command.AddParameter("id", sessionId).AddParameter("user", userId);
        var version = await command.ExecuteScalarAsync(cancellationToken);
        return version is not null and not DBNull
            && Convert.ToInt64(version, System.Globalization.CultureInfo.InvariantCulture) == tokenVersion;
    }

    /// <summary>Notes activity when the cookie is renewed, so that pruning spares sessions still in use.</summary>
    public Task TouchAsync(string sessionId, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE _admin_sessions SET last_seen = @now WHERE id = @id AND revoked_at IS NULL", sessionId, cancellationToken);

    /// <summary>Raised on this instance once a session's revocation has committed (other instances find out by checking).</summary>
    public event Action<string>? Revoked;

    public async Task RevokeAsync(string sessionId, CancellationToken cancellationToken)
    {
        await ExecuteAsync("UPDATE _admin_sessions SET revoked_at = @now WHERE id = @id AND revoked_at IS NULL", sessionId, cancellationToken);
        Revoked?.Invoke(sessionId);
    }

    private TimeSpan Lifetime => TimeSpan.FromHours(options.Value.SessionHours);

    private Task ExecuteAsync(string sql, string sessionId, CancellationToken cancellationToken) =>
        database.WriteAsync(async session =>
        {
            await using var command = session.CreateCommand(sql);
            command.AddParameter("now", session.Dialect.Timestamp(clock.GetUtcNow())).AddParameter("id", sessionId);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
}
