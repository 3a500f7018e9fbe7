using FastCms.Data;
using FastCms.Users;
using Microsoft.AspNetCore.Identity;

namespace FastCms.Auth;

/// <summary>Passwords and sessions: verifying credentials, hashing, and issuing a token pair.</summary>
internal sealed class AuthService(
    Database database,
    UserStore users,
    RefreshTokenStore refreshTokens,
    TokenService tokens,
    TokenVersionCache tokenVersions,
    IPasswordHasher<User> hasher)
{
    private readonly Lazy<string> _dummyHash = new(() => hasher.HashPassword(null!, "not-a-real-password-1"));

    public string HashPassword(string password) => hasher.HashPassword(null!, password);

    /// <summary>Checks a password; spends the same time whether or not the user exists.</summary>
    public bool VerifyPassword(User? user, string password)
    {
        if (user is null)
        {
            hasher.VerifyHashedPassword(null!, _dummyHash.Value, password);
            return false;
        }

        return hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;
    }

    /// <summary>Starts a new session (refresh-token family) for the user inside <paramref name="session"/>.</summary>
    public async Task<AuthResponse> StartSessionAsync(DbSession session, User user, ClientInfo client, CancellationToken cancellationToken)
    {
        var refresh = await refreshTokens.IssueAsync(session, user.Id, null, client, cancellationToken);
        return new AuthResponse(UserResponse.From(user), tokens.CreateTokens(user, refresh));
    }

    public Task<AuthResponse> StartSessionAsync(User user, ClientInfo client, CancellationToken cancellationToken) =>
        database.WriteAsync(session => StartSessionAsync(session, user, client, cancellationToken), cancellationToken);

    /// <summary>Ends every session of the user: refresh tokens revoked, access tokens invalidated.</summary>
    public async Task RevokeAllSessionsAsync(DbSession session, string userId, CancellationToken cancellationToken)
    {
        await refreshTokens.RevokeAllAsync(session, userId, cancellationToken);
        await users.RevokeAccessTokensAsync(session, userId, cancellationToken);
        session.OnCommitted(() => tokenVersions.Invalidate(userId));
    }

    /// <summary>Sets a new password, ends all other sessions and starts a fresh one for the caller.</summary>
    public Task<AuthResponse> ChangePasswordAsync(User user, string newPassword, ClientInfo client, CancellationToken cancellationToken) =>
        database.WriteAsync(async session =>
        {
            var changed = user with { PasswordHash = HashPassword(newPassword) };
            await users.TryUpdateAsync(session, changed, revokeTokens: false, cancellationToken);
            await RevokeAllSessionsAsync(session, user.Id, cancellationToken);
            var current = await users.FindByIdAsync(session, user.Id, cancellationToken) ?? changed;
            return await StartSessionAsync(session, current, client, cancellationToken);
        }, cancellationToken);
}
