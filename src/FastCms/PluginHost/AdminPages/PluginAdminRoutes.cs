using System.Text.RegularExpressions;
using FastCms.AdminShell;
using FastCms.Plugins;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;

namespace FastCms.PluginHost.AdminPages;

/// <summary>
/// The rules of a plugin's admin address space <c>/admin/plugins/{id}</c>: which paths its pages may use, and the
/// protection every route there gets (admin session, anti-forgery on anything but GET and HEAD).
/// </summary>
internal static partial class PluginAdminRoutes
{
    public const string StaticSegment = "/static";

    public const string SettingsSegment = "/settings";

    public static string BasePath(string pluginId) => "/admin/plugins/" + pluginId;

    /// <summary>Normalises a page path (<c>/</c> → empty) or throws with the rule it breaks.</summary>
    public static string CheckPath(string path)
    {
        if (path is null || !PathPattern().IsMatch(path))
        {
            throw new ArgumentException(
                $"Admin path '{path}' must be '/' or start with '/' and consist of lowercase slug segments, such as '/reports' or '/notes/{{noteId}}'; the first segment may not be a parameter.",
                nameof(path));
        }

        var normalized = path.TrimEnd('/');
        if (IsReserved(normalized))
        {
            throw new ArgumentException($"Admin path '{path}' is reserved: '{StaticSegment}' serves the plugin's static files and '{SettingsSegment}' its settings editor.", nameof(path));
        }

        return normalized;
    }

    /// <summary>
    /// Admin session and anti-forgery for every route of the group. The session is also checked by a filter, so a
    /// route the plugin marks <c>AllowAnonymous()</c> (which switches the authorization middleware off) stays admin-only.
    /// </summary>
    public static RouteGroupBuilder Protect(this RouteGroupBuilder group, string pluginId)
    {
        group.RequireAdminSession()
            .AddEndpointFilter(RequireAdmin)
            .AddEndpointFilter(ValidateAntiforgery)
            .WithMetadata(new PluginEndpointMetadata(pluginId))
            .ExcludeFromDescription();
        return group;
    }

    private static async ValueTask<object?> RequireAdmin(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var session = await context.HttpContext.AuthenticateAsync(AdminAuth.Scheme);
        if (session.Principal is not { } user)
        {
            return Results.Challenge(authenticationSchemes: [AdminAuth.Scheme]);
        }

        return user.IsInRole(FastCmsRoles.Admin) ? await next(context) : Results.Forbid(authenticationSchemes: [AdminAuth.Scheme]);
    }

    private static async ValueTask<object?> ValidateAntiforgery(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
            && !await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                detail: "The form's anti-forgery token is missing or invalid, so nothing was changed. Reload the page and submit the form again.");
        }

        return await next(context);
    }

    private static bool IsReserved(string path) =>
        path == StaticSegment || path.StartsWith(StaticSegment + "/", StringComparison.Ordinal)
        || path == SettingsSegment || path.StartsWith(SettingsSegment + "/", StringComparison.Ordinal);

    // "/" or "/seg(/seg|/{param})*" where a segment is a lowercase slug.
    [GeneratedRegex(@"^(/|/[a-z0-9]+(?:[-_.][a-z0-9]+)*(?:/(?:[a-z0-9]+(?:[-_.][a-z0-9]+)*|\{[A-Za-z_][A-Za-z0-9_]*(?::[^{}/]+)?\??\}))*/?)$", RegexOptions.CultureInvariant)]
    private static partial Regex PathPattern();
}
