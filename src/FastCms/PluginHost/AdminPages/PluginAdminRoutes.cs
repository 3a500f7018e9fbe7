using System.Text.RegularExpressions;
using FastCms.Admin;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;

namespace FastCms.PluginHost.AdminPages;

/// <summary>
/// The rules of a plugin's admin address space <c>/admin/plugins/{id}</c>: which paths a plugin may use, and the
/// protection every route there gets (admin session, anti-forgery on anything but GET and HEAD).
/// </summary>
public static partial class PluginAdminRoutes
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

    /// <summary>Checks the endpoints a plugin mapped on its admin group; throws naming the first that breaks a rule.</summary>
    public static void CheckEndpoints(string pluginId, IEnumerable<Endpoint> endpoints)
    {
        var prefix = BasePath(pluginId);
        foreach (var endpoint in endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").Trim('/');
            if (!pattern.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            CheckPath(pattern.Length == prefix.Length ? "/" : pattern[prefix.Length..]);
            if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                throw new InvalidOperationException($"Admin route '{pattern}' allows anonymous access; plugin admin routes are for admins only.");
            }
        }
    }

    /// <summary>Admin session and anti-forgery for every route of the group.</summary>
    public static RouteGroupBuilder Protect(this RouteGroupBuilder group, string pluginId)
    {
        group.RequireAdminSession()
            .AddEndpointFilter(ValidateAntiforgery)
            .WithMetadata(new PluginEndpointMetadata(pluginId))
            .ExcludeFromDescription();
        return group;
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
