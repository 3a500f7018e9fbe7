using FastCms.AdminShell;
using FastCms.Kernel;
using FastCms.Realtime;
using Microsoft.AspNetCore.Antiforgery;

namespace FastCms.Admin;

/// <summary>
/// How admin pages subscribe to realtime. The page opens the public stream (<c>GET /api/v1/realtime</c>, which carries
/// no credentials) and sets its subscriptions here, signed in by the admin session cookie — which is scoped to
/// <c>/admin</c> and never accepted by the API — with the anti-forgery token of the page in a header, so that another
/// site cannot subscribe a victim's stream.
/// </summary>
internal static class AdminRealtime
{
    public const string SubscriptionsPath = "/admin/realtime/subscriptions";

    public static void MapAdminRealtime(this IEndpointRouteBuilder app) =>
        AdminErrorPages.AnswersJson(app.MapPost(SubscriptionsPath, SubscribeAsync).RequireAdminSession().ExcludeFromDescription());

    private static async Task<IResult> SubscribeAsync(HttpContext http, IAntiforgery antiforgery, RealtimeSubscriptions subscriptions, CancellationToken cancellationToken)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Problems.BadRequest("The anti-forgery token is missing or invalid; reload the page.");
        }

        return await subscriptions.SetAsync(http, http.User, cancellationToken);
    }
}
