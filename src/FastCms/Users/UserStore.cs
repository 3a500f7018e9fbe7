using System.Data.Common;
using FastCms.Data;
using FastCms.Kernel;
using FastCms.Plugins;

namespace FastCms.Users;

/// <summary>Reads and writes rows of table <c>users</c>.</summary>
internal sealed class UserStore(Database database, TimeProvider clock)
{
    private const string Columns = "id, email, name, role, password_hash, verified, token_version, created, updated";

    // Serialises decisions about the set of admins (first admin, last admin) on PostgreSQL.
    public const long AdminSetLockKey = 0x46_43_4D_53_02;

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    public async Task<User?> FindByIdAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand($"SELECT {Columns} FROM users WHERE id = @id");
        command.AddParameter("id", id);
        return await ReadSingleAsync(command, cancellationToken);
    }

    public async Task<User?> FindByEmailAsync(string email, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand($"SELECT {Columns} FROM users WHERE email = @email");
        command.AddParameter("email", NormalizeEmail(email));
        return await ReadSingleAsync(command, cancellationToken);
    }

    public async Task<User?> FindByEmailAsync(DbSession session, string email, CancellationToken cancellationToken)
    {
        await using var command = session.CreateCommand($"SELECT {Columns} FROM users WHERE email = @email");
        command.AddParameter("email", NormalizeEmail(email));
        return await ReadSingleAsync(command, cancellationToken);
    }

    public async Task<User?> FindByIdAsync(DbSession session, string id, CancellationToken cancellationToken)
    {
        await using var command = session.CreateCommand($"SELECT {Columns} FROM users WHERE id = @id");
        command.AddParameter("id", id);
        return await ReadSingleAsync(command, cancellationToken);
    }

    public async Task<long> GetTokenVersionAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand("SELECT token_version FROM users WHERE id = @id");
        command.AddParameter("id", id);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? -1 : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<bool> AnyAdminAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand("SELECT 1 FROM users WHERE role = 'admin' LIMIT 1");
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>How many users there are, and how many of them are admins.</summary>
    public async Task<(long Users, long Admins)> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand(
            "SELECT COUNT(*), COALESCE(SUM(CASE WHEN role = 'admin' THEN 1 ELSE 0 END), 0) FROM users");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture),
            Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture));
    }

    public async Task<long> CountAdminsAsync(DbSession session, CancellationToken cancellationToken)
    {
        await using var command = session.CreateCommand("SELECT COUNT(*) FROM users WHERE role = 'admin'");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<PageResult<User>> ListAsync(int page, int perPage, string? search, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var like = database.Dialect.LikeOperator;
        var pattern = string.IsNullOrWhiteSpace(search) ? null : "%" + EscapeLike(search.Trim()) + "%";
        var where = pattern is null ? "" : $" WHERE (email {like} @search ESCAPE '\\' OR name {like} @search ESCAPE '\\')";

        await using var count = connection.CreateCommand($"SELECT COUNT(*) FROM users{where}");
        await using var select = connection.CreateCommand($"SELECT {Columns} FROM users{where} ORDER BY created, id LIMIT @limit OFFSET @offset");
        if (pattern is not null)
        {
            count.AddParameter("search", pattern);
            select.AddParameter("search", pattern);
        }

        var total = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        select.AddParameter("limit", perPage).AddParameter("offset", (long)(page - 1) * perPage);
        var items = new List<User>();
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(Read(reader));
            }
        }

        return new PageResult<User>(items, total, page, perPage, (total + perPage - 1) / perPage);
    }

    /// <summary>Inserts a user; returns <c>null</c> when the email is taken.</summary>
    public async Task<User?> TryCreateAsync(
        DbSession session, string email, string name, string role, string passwordHash, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var user = new User(RandomId.New(), NormalizeEmail(email), name.Trim(), role, passwordHash, false, 0, now, now);
        await using var command = session.CreateCommand(
            $"INSERT INTO users ({Columns}) VALUES (@id, @email, @name, @role, @hash, @verified, 0, @created, @updated) ON CONFLICT (email) DO NOTHING");
        command.AddParameter("id", user.Id)
            .AddParameter("email", user.Email)
            .AddParameter("name", user.Name)
            .AddParameter("role", user.Role)
            .AddParameter("hash", user.PasswordHash)
            .AddParameter("verified", false)
            .AddParameter("created", session.Dialect.Timestamp(now))
            .AddParameter("updated", session.Dialect.Timestamp(now));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1 ? user : null;
    }

    /// <summary>
    /// Writes the changed profile fields of <paramref name="user"/>. When <paramref name="revokeTokens"/> is set
    /// the token version is bumped, so access tokens issued before stop working.
    /// Returns <c>false</c> when the new email is taken.
    /// </summary>
    public async Task<bool> TryUpdateAsync(DbSession session, User user, bool revokeTokens, CancellationToken cancellationToken)
    {
        await using var command = session.CreateCommand(
            "UPDATE users SET email = @email, name = @name, role = @role, password_hash = @hash, verified = @verified, " +
            "token_version = token_version + @bump, updated = @updated WHERE id = @id");
        command.AddParameter("id", user.Id)
            .AddParameter("email", NormalizeEmail(user.Email))
            .AddParameter("name", user.Name)
            .AddParameter("role", user.Role)
            .AddParameter("hash", user.PasswordHash)
            .AddParameter("verified", user.Verified)
            .AddParameter("bump", revokeTokens ? 1 : 0)
            .AddParameter("updated", session.Dialect.Timestamp(clock.GetUtcNow()));
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }
        catch (DbException e) when (session.Dialect.IsUniqueViolation(e))
        {
            return false;
        }
    }

    public async Task RevokeAccessTokensAsync(DbSession session, string id, CancellationToken cancellationToken)
    {
        await using var command = session.CreateCommand("UPDATE users SET token_version = token_version + 1 WHERE id = @id");
        command.AddParameter("id", id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> DeleteAsync(DbSession session, string id, CancellationToken cancellationToken)
    {
        await using var command = session.CreateCommand("DELETE FROM users WHERE id = @id");
        command.AddParameter("id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public static bool IsValidRole(string? role) => role is FastCmsRoles.User or FastCmsRoles.Admin;

    private static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private async Task<User?> ReadSingleAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private User Read(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetBoolean(5),
        reader.GetInt64(6),
        database.Dialect.ReadTimestamp(reader, 7),
        database.Dialect.ReadTimestamp(reader, 8));
}
