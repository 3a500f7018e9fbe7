using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace FastCms.Auth;

/// <summary>
/// The scheme every request is authenticated with: the JWT bearer scheme when the request has an <c>Authorization</c>
/// header (the only place an access token is read from), otherwise no identity. A request without credentials thus
/// never builds the bearer handler, whose options load the token libraries, an XML reader and an HTTP client (some
/// 4 MiB that a server answering only anonymous requests never needs). Challenges and forbids are the bearer scheme's.
/// </summary>
internal sealed class BearerWhenSent : IAuthenticationHandler
{
    public const string Scheme = "BearerWhenSent";

    private HttpContext? _context;

    private HttpContext Context => _context ?? throw new InvalidOperationException("The handler was not initialized.");

    public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
    {
        _context = context;
        return Task.CompletedTask;
    }

    public Task<AuthenticateResult> AuthenticateAsync() =>
        Context.Request.Headers.Authorization.Count > 0
            ? Context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme)
            : Task.FromResult(AuthenticateResult.NoResult());

    public Task ChallengeAsync(AuthenticationProperties? properties) =>
        Context.ChallengeAsync(JwtBearerDefaults.AuthenticationScheme, properties);

    public Task ForbidAsync(AuthenticationProperties? properties) =>
        Context.ForbidAsync(JwtBearerDefaults.AuthenticationScheme, properties);
}
