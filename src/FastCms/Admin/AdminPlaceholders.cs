using System.Text.Encodings.Web;

namespace FastCms.Admin;

/// <summary>
/// Sidebar destinations whose pages arrive with later work. They are mapped with a low priority
/// (<see cref="FallbackOrder"/>), so a real page at the same address — a Razor page or a plugin's page — wins
/// without a route conflict, and the placeholder can be deleted once it does.
/// </summary>
public static class AdminPlaceholders
{
    public const int FallbackOrder = 1000;

    private static readonly (string Path, string NavId, string Title, string Icon, string Text)[] Pages =
    [
        ("/admin/collections", AdminNav.Collections, "Collections", "fa-layer-group",
            "Browsing and editing collections and their records comes with the collections and records admin pages."),
        ("/admin/plugins", AdminNav.Plugins, "Plugins", "fa-puzzle-piece",
            "The plugin list with status, diagnostics and settings comes with the plugin system's admin pages."),
        ("/admin/jobs", AdminNav.Jobs, "Jobs", "fa-clock-rotate-left",
            "Scheduled jobs and their recent runs come with the jobs feature."),
        ("/admin/metrics", AdminNav.Metrics, "Metrics", "fa-chart-line",
            "The metrics dashboard (requests, latency, errors, uptime) comes with the metrics feature."),
    ];

    public static IEndpointRouteBuilder MapAdminPlaceholders(this IEndpointRouteBuilder app)
    {
        foreach (var page in Pages)
        {
            app.MapGet(page.Path, () => AdminResults.Page(page.Title, page.NavId, Card(page.Icon, "Coming soon", page.Text)))
                .RequireAdminSession()
                .WithOrder(FallbackOrder)
                .ExcludeFromDescription();
        }

        // A plugin's sidebar entry before the plugin system serves its page: says whose page it is.
        app.MapGet("/admin/plugins/{**rest}", (HttpContext http, AdminPageRegistry registry) =>
            {
                var path = http.Request.Path.Value;
                var page = registry.Pages.FirstOrDefault(p => string.Equals(p.Url, path, StringComparison.OrdinalIgnoreCase));
                return page is null
                    ? Results.NotFound()
                    : AdminResults.Page(page.Label, page.NavId, Card(
                        "fa-puzzle-piece",
                        $"{page.Label} — a page of plugin '{page.Owner}'",
                        "This page is registered in the sidebar, but it is served by the plugin itself once plugin admin pages are available."));
            })
            .RequireAdminSession()
            .WithOrder(FallbackOrder)
            .ExcludeFromDescription();
        return app;
    }

    private static string Card(string icon, string heading, string text)
    {
        var html = HtmlEncoder.Default;
        return $"""
            <section class="card placeholder">
              <i class="fa-solid {html.Encode(icon)} placeholder-icon" aria-hidden="true"></i>
              <h2>{html.Encode(heading)}</h2>
              <p>{html.Encode(text)}</p>
            </section>
            """;
    }
}
