namespace FastCms.Realtime;

/// <summary>
/// <c>GET /api/v1/realtime</c> opens a Server-Sent Events stream (no token: it carries only what subscriptions allow);
/// <c>POST /api/v1/realtime</c> sets the stream's subscriptions with the rights of the request's bearer token.
/// </summary>
internal static class RealtimeApi
{
    public const string Path = "/api/v1/realtime";

    public static RouteGroupBuilder MapRealtimeApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Path).WithTags("Realtime");
        api.MapGet("/", Stream).WithDescription("A text/event-stream: `connect` with the client id, then one event per message; resumes with Last-Event-ID.");
        api.MapPost("/", Subscribe).WithDescription("Body {\"client_id\", \"subscriptions\": [\"posts/*\", {\"topic\": \"posts/{id}\", \"filter\", \"fields\", \"expand\"}]}.");
        return api;
    }

    private static async Task<IResult> Stream(HttpContext http, RealtimeStreams streams) =>
        await streams.ServeAsync(http) ?? TypedResults.Empty;

    private static Task<IResult> Subscribe(HttpContext http, RealtimeSubscriptions subscriptions, CancellationToken cancellationToken) =>
        subscriptions.SetAsync(http, http.User, cancellationToken);
}
