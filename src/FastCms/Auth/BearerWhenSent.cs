using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace FastCms.Auth;

/// <summary>
/// The scheme every request is authenticated with: the JWT bearer scheme when the request has an <c>Authorization</c>
/// header (the only place an access token is read from), otherwise no identity. A request without credentials thus
/// never builds the bearer handler, whose options load the token libraries, an XML reader and an HTTP client (some
/// 3 MiB that a server answering only anonymous requests never needs). Challenges and forbids are the bearer scheme's.
/// </summary>
internal sealed class BearerWhenSent(IAuthenticationHandlerProvider handlers) : IAuthenticationHandler
{
    public const string Scheme = "BearerWhenSent";

    private HttpContext? _context;

    private HttpContext Context => _context ?? throw new InvalidOperationException("The handler was not initialized.");

    public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
    {
        _context = context;
        return Task.CompletedTask;
    }

    public async Task<AuthenticateResult> AuthenticateAsync()
    {
        if (Context.Request.Headers.Authorization.Count == 0)
        {
            return AuthenticateResult.NoResult();
        }

        // The bearer handler of this request (the provider keeps one per request), which remembers its result.
        var bearer = await handlers.GetHandlerAsync(Context, JwtBearerDefaults.AuthenticationScheme)
            ?? throw new InvalidOperationException("The JWT bearer scheme is not registered.");
        return await bearer.AuthenticateAsync();
    }

    public Task ChallengeAsync(AuthenticationProperties? properties) =>
        Context.ChallengeAsync(JwtBearerDefaults.AuthenticationScheme, properties);

    public Task ForbidAsync(AuthenticationProperties? properties) =>
        Context.ForbidAsync(JwtBearerDefaults.AuthenticationScheme, properties);
}
