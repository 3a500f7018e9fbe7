using Microsoft.AspNetCore.Builder;

namespace FastCms.Plugins;

/// <summary>
/// Short forms for the FastCMS authorization policies on endpoints and route groups; the C# equivalents of
/// FastCMS's <c>require_auth</c> and <c>require_admin</c>.
/// </summary>
public static class EndpointAuthorizationExtensions
{
    /// <summary>
    /// Requires a valid access token. Requests without one get <c>401</c>.
    /// </summary>
    /// <param name="builder">An endpoint or route group.</param>
    /// <typeparam name="TBuilder">The endpoint convention builder type.</typeparam>
    /// <returns>The same builder, for chaining.</returns>
    public static TBuilder RequireAuth<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(FastCmsPolicies.Authenticated);

    /// <summary>
    /// Requires an access token of a user with the <c>admin</c> role. Requests without a token get <c>401</c>,
    /// signed-in non-admins get <c>403</c>.
    /// </summary>
    /// <param name="builder">An endpoint or route group.</param>
    /// <typeparam name="TBuilder">The endpoint convention builder type.</typeparam>
    /// <returns>The same builder, for chaining.</returns>
    public static TBuilder RequireAdmin<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(FastCmsPolicies.Admin);
}
