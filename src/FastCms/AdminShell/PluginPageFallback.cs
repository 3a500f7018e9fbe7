
namespace FastCms.AdminShell;

/// <summary>
/// A plugin's sidebar entry whose address the plugin serves no page for: instead of a bare 404, a page in the layout
/// that names the plugin and what is missing. Mapped with a low priority (<see cref="FallbackOrder"/>), so any real
/// page under <c>/admin/plugins</c> wins without a route conflict.
/// </summary>
internal static class PluginPageFallback
{
    public const int FallbackOrder = 1000;

    public static IEndpointRouteBuilder MapPluginPageFallback(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/plugins/{**rest}", (HttpContext http, AdminPageRegistry registry) =>
            {
                var path = http.Request.Path.Value;
                var page = registry.Pages.FirstOrDefault(p => string.Equals(p.Url, path, StringComparison.OrdinalIgnoreCase));
                return page is null ? Results.NotFound() : AdminResults.Page(page.Label, page.NavId, Card(page));
            })
            .RequireAdminSession()
            .WithOrder(FallbackOrder)
            .ExcludeFromDescription();
        return app;
    }

    private static string Card(AdminPage page)
    {
        var html = AdminHtml.Encoder;
        return $"""
            <section class="card placeholder">
              <i class="fa-solid fa-puzzle-piece placeholder-icon" aria-hidden="true"></i>
              <h2>{html.Encode($"{page.Label} — a page of plugin '{page.Owner}'")}</h2>
              <p>The plugin added this sidebar entry but serves no page at its address. A plugin serves admin pages with ctx.MapAdminPage(path, template, model).</p>
            </section>
            """;
    }
}
