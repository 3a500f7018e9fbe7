using System.Text;

namespace FastCms.AdminShell;

/// <summary>
/// Errors of admin pages as readable HTML instead of JSON: the same problem details (from the exception handler
/// and status code pages) rendered as a page with the status, a plain message and the request id — never
/// internals. Registered ahead of the JSON writer; everything outside <c>/admin</c> keeps problem+json, and so do the
/// admin's JSON endpoints (those marked with <see cref="AnswersJson{TBuilder}"/>), which the pages' scripts call.
/// </summary>
internal sealed class AdminErrorPages(AdminAssets assets, AdminIcons icons) : IProblemDetailsWriter
{
    public static bool IsAdminPage(PathString path) =>
        path.StartsWithSegments("/admin") && !path.StartsWithSegments(AdminAssets.RequestPath);

    public bool CanWrite(ProblemDetailsContext context) =>
        IsAdminPage(context.HttpContext.Request.Path) && context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<JsonEndpoint>() is null;

    /// <summary>Marks an endpoint under <c>/admin</c> that answers JSON: its errors are problem+json, not a page.</summary>
    public static TBuilder AnswersJson<TBuilder>(TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(JsonEndpoint.Instance);

    private sealed class JsonEndpoint
    {
        public static readonly JsonEndpoint Instance = new();
    }

    public async ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var status = context.ProblemDetails.Status ?? http.Response.StatusCode;
        var (title, message) = Describe(http, status, context.ProblemDetails.Detail);
        var signedIn = http.User.Identity?.IsAuthenticated == true;
        var html = AdminHtml.Encoder;
        var page = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(html.Encode($"{status} {title}")).Append(" · FastCMS admin</title>")
            .Append("<link rel=\"stylesheet\" href=\"").Append(html.Encode(icons.Url)).Append("\">")
            .Append("<link rel=\"stylesheet\" href=\"").Append(html.Encode(assets.Url("css/admin.css"))).Append("\">")
            .Append("<link rel=\"stylesheet\" href=\"").Append(html.Encode(assets.Url("css/components.css"))).Append("\">")
            .Append("</head><body class=\"auth-page\"><main class=\"auth-card error-card\" id=\"main\">")
            .Append("<p class=\"error-status\">").Append(status).Append("</p>")
            .Append("<h1>").Append(html.Encode(title)).Append("</h1>")
            .Append("<p>").Append(html.Encode(message)).Append("</p>")
            .Append("<p class=\"muted\">Request id: <code class=\"request-id\">").Append(html.Encode(http.TraceIdentifier)).Append("</code></p>")
            .Append("<p class=\"actions\"><a class=\"button\" href=\"/admin\"><i class=\"fa-solid fa-gauge-high\" aria-hidden=\"true\"></i> Dashboard</a>");
        if (signedIn)
        {
            page.Append(" <a class=\"button secondary\" href=\"/admin/logout\">Sign out</a>");
        }

        page.Append("</p></main></body></html>");
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(page.ToString(), http.RequestAborted);
    }

    private static (string Title, string Message) Describe(HttpContext http, int status, string? detail) => status switch
    {
        StatusCodes.Status400BadRequest => ("Bad request",
            detail ?? "The request could not be processed. If you submitted a form, reload the page and submit it again."),
        StatusCodes.Status403Forbidden => ("Not allowed", http.User.Identity?.IsAuthenticated == true
            ? $"You are signed in as {http.User.Identity.Name}, which is not an administrator account. Sign out and sign in as an administrator."
            : "You are not allowed to open this page."),
        StatusCodes.Status404NotFound => ("Not found", "There is no admin page at this address, or the item it shows no longer exists."),
        StatusCodes.Status405MethodNotAllowed => ("Method not allowed", "This page does not accept that kind of request."),
        >= 500 => ("Something went wrong", "The server could not complete this request. The error has been logged; the request id below identifies it."),
        _ => ("Request failed", detail ?? "The request could not be completed."),
    };
}
