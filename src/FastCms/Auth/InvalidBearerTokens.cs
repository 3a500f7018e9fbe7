using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace FastCms.Auth;

/// <summary>
/// A request whose <c>Authorization</c> header carries a bearer token that fails validation (malformed, expired,
/// badly signed, revoked, or of a deleted user) is answered <c>401</c> with
/// <c>WWW-Authenticate: Bearer error="invalid_token"</c> (RFC 6750) on every endpoint, public ones and plugin routes
/// included: a client that believes it is signed in learns that it is not, instead of reading or writing as a guest.
/// </summary>
internal static class InvalidBearerTokens
{
    /// <summary>
    /// Exempts an endpoint that authenticates the request by other means (credentials, a refresh token, the metrics
    /// scrape token), so that a client still holding an expired access token can log in or refresh.
    /// </summary>
    public static TBuilder AcceptsInvalidBearerToken<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(Exemption.Instance);

    /// <summary>Goes after authentication (which has already validated the token) and after routing.</summary>
    public static IApplicationBuilder UseInvalidBearerTokenRejection(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Headers.Authorization.Count > 0
            && context.GetEndpoint()?.Metadata.GetMetadata<Exemption>() is null
            && (await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme)).Failure is not null)
        {
            await context.ChallengeAsync(JwtBearerDefaults.AuthenticationScheme);
            return;
        }

        await next(context);
    });

    private sealed class Exemption
    {
        public static readonly Exemption Instance = new();
    }
}
