namespace FastCms.Plugins;

/// <summary>
/// Names of the authorization policies the FastCMS host registers. Use them with
/// <c>RequireAuthorization(...)</c>, or use the shorter <see cref="EndpointAuthorizationExtensions"/>.
/// </summary>
public static class FastCmsPolicies
{
    /// <summary>Any signed-in user (role <c>user</c> or <c>admin</c>) with a valid access token.</summary>
    public const string Authenticated = "fastcms:authenticated";

    /// <summary>A signed-in user whose role is <c>admin</c>.</summary>
    public const string Admin = "fastcms:admin";
}

/// <summary>The roles a FastCMS user can have.</summary>
public static class FastCmsRoles
{
    /// <summary>A regular user.</summary>
    public const string User = "user";

    /// <summary>An administrator: manages collections, users, plugins and settings; bypasses access rules.</summary>
    public const string Admin = "admin";
}
