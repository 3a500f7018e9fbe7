using FastCms.Auth;
using FastCms.Data;
using FastCms.Plugins;
using FastCms.Users;
using Microsoft.Extensions.Options;

namespace FastCms.Setup;

/// <summary>Creates the first admin: once, even when several setup requests or instances race.</summary>
internal sealed class SetupService(
    Database database,
    UserStore users,
    AuthService auth,
    IOptions<AuthOptions> options,
    ILogger<SetupService> logger)
{
    public async Task<bool> NeedsSetupAsync(CancellationToken cancellationToken) =>
        !await users.AnyAdminAsync(cancellationToken);

    /// <summary>
    /// Creates the first admin and starts a session for it, or returns <c>null</c> when an admin already exists.
    /// </summary>
    public Task<AuthResponse?> CreateFirstAdminAsync(string email, string password, string? name, ClientInfo client, CancellationToken cancellationToken) =>
        database.WriteAsync<AuthResponse?>(async session =>
        {
            var admin = await CreateFirstAdminAsync(session, email, password, name, cancellationToken);
            return admin is null ? null : await auth.StartSessionAsync(session, admin, client, cancellationToken);
        }, cancellationToken);

    /// <summary>Creates the first admin without an API session (the admin UI signs in with a cookie instead).</summary>
    public Task<User?> TryCreateFirstAdminAsync(string email, string password, string? name, CancellationToken cancellationToken) =>
        database.WriteAsync(session => CreateFirstAdminAsync(session, email, password, name, cancellationToken), cancellationToken);

    // The admin-set lock (SQLite: the single writer) makes concurrent calls see each other's admin.
    private async Task<User?> CreateFirstAdminAsync(DbSession session, string email, string password, string? name, CancellationToken cancellationToken)
    {
        await session.Dialect.LockAsync(session, UserStore.AdminSetLockKey, cancellationToken);
        if (await users.CountAdminsAsync(session, cancellationToken) > 0)
        {
            return null;
        }

        var existing = await users.FindByEmailAsync(session, email, cancellationToken);
        if (existing is null)
        {
            return await users.TryCreateAsync(session, email, name ?? "", FastCmsRoles.Admin, auth.HashPassword(password), cancellationToken);
        }

        var admin = existing with { Role = FastCmsRoles.Admin, PasswordHash = auth.HashPassword(password) };
        await users.TryUpdateAsync(session, admin, revokeTokens: true, cancellationToken);
        return await users.FindByIdAsync(session, existing.Id, cancellationToken);
    }

    /// <summary>At startup: creates the configured admin, or says how to finish setup.</summary>
    public async Task RunStartupAsync(string baseAddress, CancellationToken cancellationToken)
    {
        if (!await NeedsSetupAsync(cancellationToken))
        {
            return;
        }

        var o = options.Value;
        if (!string.IsNullOrWhiteSpace(o.AdminEmail) && !string.IsNullOrWhiteSpace(o.AdminPassword))
        {
            await TryCreateFirstAdminAsync(o.AdminEmail, o.AdminPassword, "Admin", cancellationToken);
            logger.LogInformation("Created the admin account {Email} from configuration", UserStore.NormalizeEmail(o.AdminEmail));
            return;
        }

        logger.LogWarning(
            "No admin account exists yet. Finish setup at {Address}/admin/setup, or run: curl -X POST {Address}/api/v1/setup " +
            "-H 'Content-Type: application/json' -d '{{\"email\":\"admin@example.com\",\"password\":\"…\",\"password_confirm\":\"…\"}}'",
            baseAddress, baseAddress);
    }
}
