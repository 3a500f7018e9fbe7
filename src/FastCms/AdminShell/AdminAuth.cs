using System.Globalization;
using System.Security.Claims;
using FastCms.Auth;
using FastCms.Plugins;
using FastCms.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace FastCms.AdminShell;

/// <summary>
/// The admin UI's own session: an HttpOnly cookie (scheme <see cref="Scheme"/>), separate from the API's bearer
/// tokens so that a browser session can never be replayed against the API and vice versa. The cookie names a
/// server-side session (<see cref="AdminSessionStore"/>) and carries the user's token version: signing out revokes
/// that session, and logout-all, a password or role change and deletion end it like an access token.
/// </summary>
internal static class AdminAuth
{
    public const string Scheme = "FastCms.AdminSession";

    /// <summary>Policy of every admin page: an admin signed in through the admin UI.</summary>
    public const string Policy = "fastcms:admin-ui";

    public const string CookieName = "fastcms_admin";

    public const string LoginPath = "/admin/login";

    /// <summary>The claim naming the server-side session, which realtime streams opened through the cookie remember.</summary>
    public const string SessionIdClaim = "sid";

    public static IServiceCollection AddAdminAuth(this IServiceCollection services)
    {
        services.AddSingleton<AdminSessionStore>();
        services.AddAuthentication().AddCookie(Scheme);
        services.AddOptions<CookieAuthenticationOptions>(Scheme).Configure<IOptions<AdminUiOptions>>((options, admin) =>
        {
            options.Cookie.Name = CookieName;
            options.Cookie.Path = "/admin";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = TimeSpan.FromHours(admin.Value.SessionHours);
            options.SlidingExpiration = true;
            options.LoginPath = LoginPath;
            options.LogoutPath = "/admin/logout";
            options.ReturnUrlParameter = "returnUrl";
            options.Events = new CookieAuthenticationEvents
            {
                OnValidatePrincipal = RejectRevokedSessions,
                OnCheckSlidingExpiration = NoteActivity,
                OnRedirectToLogin = RedirectToLogin,
                // A signed-in non-admin gets a readable 403 page (rendered by AdminErrorPages), not a redirect.
                OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                },
            };
        });

        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(Scheme)
            .RequireAuthenticatedUser()
            .RequireRole(FastCmsRoles.Admin));
        return services;
    }

    /// <summary>Requires an admin UI session: without one the browser is sent to the login page; non-admins get 403.</summary>
    public static TBuilder RequireAdminSession<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(Policy);

    public static async Task SignInAsync(HttpContext http, User user)
    {
        var sessionId = await Sessions(http).StartAsync(user.Id, http.RequestAborted);
        await http.SignInAsync(Scheme, CreatePrincipal(user, sessionId), new AuthenticationProperties { IsPersistent = false });
    }

    /// <summary>Revokes the session on the server, so that a copy of the cookie stops working too, and clears the cookie.</summary>
    public static async Task SignOutAsync(HttpContext http)
    {
        var session = await http.AuthenticateAsync(Scheme);
        if (session.Principal?.FindFirst(SessionIdClaim)?.Value is { } sessionId)
        {
            await Sessions(http).RevokeAsync(sessionId, CancellationToken.None);
        }

        await http.SignOutAsync(Scheme);
    }

    /// <summary>A local admin URL to return to after login, or the dashboard when the given one is missing or foreign.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } url
        && (url == "/admin" || url.StartsWith("/admin/", StringComparison.Ordinal) || url.StartsWith("/admin?", StringComparison.Ordinal))
        && !url.Contains('\\', StringComparison.Ordinal)
        && !url.Contains("//", StringComparison.Ordinal)
        && !url.Any(char.IsControl)
            ? url
            : "/admin";

    private static ClaimsPrincipal CreatePrincipal(User user, string sessionId) => new(new ClaimsIdentity(
        [
            new Claim(SessionIdClaim, sessionId),
            new Claim(FastCmsClaims.UserId, user.Id),
            new Claim(FastCmsClaims.Email, user.Email),
            new Claim(FastCmsClaims.Role, user.Role),
            new Claim(TokenService.TokenVersionClaim, user.TokenVersion.ToString(CultureInfo.InvariantCulture)),
        ],
        Scheme,
        FastCmsClaims.Email,
        FastCmsClaims.Role));

    // The handler's default builds an absolute URL from the request's Host header, which a client chooses; a
    // relative one sends the browser to the login page of the site it asked for.
    private static Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context)
    {
        var request = context.Request;
        var returnUrl = request.PathBase + request.Path + request.QueryString;
        var location = request.PathBase + context.Options.LoginPath + QueryString.Create(context.Options.ReturnUrlParameter, returnUrl);
        context.Response.StatusCode = StatusCodes.Status302Found;
        context.Response.Headers.Location = location;
        return Task.CompletedTask;
    }

    private static async Task RejectRevokedSessions(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var userId = principal?.GetUserId();
        var current = userId is not null
            && principal!.FindFirst(SessionIdClaim)?.Value is { } sessionId
            && long.TryParse(principal.FindFirst(TokenService.TokenVersionClaim)?.Value, CultureInfo.InvariantCulture, out var version)
            && await Sessions(context.HttpContext).IsActiveAsync(sessionId, userId, version, context.HttpContext.RequestAborted);
        if (!current)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
        }
    }

    private static Task NoteActivity(CookieSlidingExpirationContext context) =>
        context.ShouldRenew && context.Principal?.FindFirst(SessionIdClaim)?.Value is { } sessionId
            ? Sessions(context.HttpContext).TouchAsync(sessionId, context.HttpContext.RequestAborted)
            : Task.CompletedTask;

    private static AdminSessionStore Sessions(HttpContext http) => http.RequestServices.GetRequiredService<AdminSessionStore>();
}
