using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace FastCms.AdminShell;

/// <summary>What <c>Shared/_Host.cshtml</c> renders inside the admin layout.</summary>
/// <param name="Title">Page title (heading and browser tab).</param>
/// <param name="NavId">The sidebar entry to show as active: a core id from <see cref="AdminNav"/> or a plugin page's nav id.</param>
/// <param name="Body">The page's HTML, already encoded where needed (Liquid templates encode by default).</param>
internal sealed record AdminHostModel(string Title, string NavId, IHtmlContent Body);

/// <summary>
/// Results for endpoints that render a page inside the admin layout without a Razor page of their own — plugin
/// pages rendered from templates, placeholders. Map them with <see cref="AdminAuth.RequireAdminSession{TBuilder}"/>:
/// <code>app.MapGet("/admin/plugins/stats", () => AdminResults.Page("Stats", "stats", html)).RequireAdminSession();</code>
/// </summary>
internal static class AdminResults
{
    public const string HostView = "/Admin/Pages/Shared/_Host.cshtml";

    public static IResult Page(string title, string navId, IHtmlContent body, int statusCode = StatusCodes.Status200OK) =>
        new AdminPageResult(new AdminHostModel(title, navId, body), statusCode);

    /// <summary>As above, for HTML that is already safe to embed.</summary>
    public static IResult Page(string title, string navId, string trustedHtml, int statusCode = StatusCodes.Status200OK) =>
        Page(title, navId, new HtmlString(trustedHtml), statusCode);

    private sealed class AdminPageResult(AdminHostModel model, int statusCode) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => statusCode;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            var metadata = httpContext.RequestServices.GetRequiredService<IModelMetadataProvider>();
            var view = new ViewResult
            {
                ViewName = HostView,
                StatusCode = statusCode,
                ViewData = new ViewDataDictionary<AdminHostModel>(metadata, new ModelStateDictionary()) { Model = model },
            };
            return view.ExecuteResultAsync(new ActionContext(httpContext, httpContext.GetRouteData(), new ActionDescriptor()));
        }
    }
}
