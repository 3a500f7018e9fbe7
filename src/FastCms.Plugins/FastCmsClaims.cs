using System.Security.Claims;

namespace FastCms.Plugins;

/// <summary>Claim types in FastCMS access tokens, and helpers to read them from the current user.</summary>
public static class FastCmsClaims
{
    /// <summary>The user id (<c>sub</c>).</summary>
    public const string UserId = "sub";

    /// <summary>The user's email address.</summary>
    public const string Email = "email";

    /// <summary>The user's role: <c>user</c> or <c>admin</c>.</summary>
    public const string Role = "role";

    /// <summary>The id of the signed-in user, or <c>null</c> for anonymous callers.</summary>
    /// <param name="principal">Usually <c>HttpContext.User</c>, or a <c>ClaimsPrincipal</c> handler parameter.</param>
    /// <returns>The user id or <c>null</c>.</returns>
    public static string? GetUserId(this ClaimsPrincipal principal) => principal.FindFirst(UserId)?.Value;

    /// <summary>Whether the signed-in user is an admin.</summary>
    /// <param name="principal">Usually <c>HttpContext.User</c>.</param>
    /// <returns><c>true</c> for admins.</returns>
    public static bool IsAdmin(this ClaimsPrincipal principal) => principal.FindFirst(Role)?.Value == FastCmsRoles.Admin;
}
