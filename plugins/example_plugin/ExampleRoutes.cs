using System.Security.Claims;

namespace ExamplePlugin;

/// <summary>The plugin's API under /api/v1/plugins/example.</summary>
public static class ExampleRoutes
{
    public static void Map(RouteGroupBuilder api, IPluginContext ctx, IPluginSettings<ExampleSettings> settings, PostStats stats)
    {
        // Public: anyone may call these.
        api.MapGet("/hello", () => new { message = settings.Current.Greeting, plugin = ctx.PluginId });
        api.MapGet("/status", () => new { status = "active", plugin = ctx.PluginId, version = "1.0.0" });

        // Signed-in users only (401 without a token).
        api.MapGet("/me", (ClaimsPrincipal user) => new { user_id = user.GetUserId(), is_admin = user.IsAdmin() }).RequireAuth();

        // Admins only (401 without a token, 403 for other users).
        api.MapGet("/stats", () => new
        {
            posts_created = stats.Created,
            posts_rejected = stats.Rejected,
            last_post_title = stats.LastTitle,
            api_key_configured = settings.Current.ApiKey.Length > 0,
        }).RequireAdmin();
    }
}
