using System.Net;
using FastCms.AdminShell;
using FastCms.PluginHost;
using FastCms.Plugins;
using FastCms.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FastCms.Tests.Admin;

/// <summary>Every GET page the server maps under <c>/admin</c>, read from its endpoints, so new pages are covered automatically.</summary>
public static class AdminRoutes
{
    public const string PluginId = "routes-check";

    public const string Collection = "routes_check";

    private static readonly string[] Public = ["/admin/login", "/admin/logout", "/admin/setup"];

    /// <summary>
    /// Concrete URLs for the protected pages: <c>{id}</c> becomes <paramref name="userId"/>, <c>{pluginId}</c> a plugin
    /// added to the catalog for the check, <c>{collection}</c> and <c>{recordId}</c> a collection and record created
    /// for it, a catch-all a registered plugin page. Plugin static files are not pages and are left out (their tests
    /// are in <c>PluginAdminPagesTests</c>). With <paramref name="htmlOnly"/>, endpoints that answer JSON to the
    /// admin's scripts (the relation picker's search) are left out, since they render no page.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ProtectedPagesAsync(ServerFixture server, string userId, bool htmlOnly = false)
    {
        var recordId = await RecordAsync(server);
        var webhookId = await WebhookAsync(server.Admin);
        var services = server.Factory.Services;
        var plugin = new AdminPage("routes-" + Guid.NewGuid().ToString("N")[..8], "Routes check", "fa-route", $"/admin/plugins/{PluginId}/page", PluginId);
        var registry = services.GetRequiredService<AdminPageRegistry>();
        if (!registry.Pages.Any(p => p.Url == plugin.Url))
        {
            Assert.True(registry.TryAddRange([plugin], out var conflict), conflict);
        }

        var catalog = services.GetRequiredService<PluginCatalog>();
        if (catalog.Find(PluginId) is null)
        {
            var info = new PluginInfo(PluginId, Path.Combine(server.Factory.PluginsDir, PluginId), PluginKind.Source) { Meta = new PluginMeta(PluginId, "Routes check", "1.0.0") };
            catalog.Set([.. catalog.Plugins, info]);
        }

        // The pages join the route table on the first request under /admin.
        Assert.Equal(HttpStatusCode.OK, (await server.Factory.CreateClient().GetAsync("/admin/login")).StatusCode);
        var urls = services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>() is not { } methods || methods.HttpMethods.Contains("GET"))
            .Where(e => !htmlOnly || !e.Metadata.OfType<IProducesResponseTypeMetadata>().Any(m => m.ContentTypes.Contains("application/json")))
            .Select(e => "/" + e.RoutePattern.RawText!.Trim('/'))
            .Where(path => path.StartsWith("/admin", StringComparison.Ordinal) && !Public.Contains(path) && !path.Contains("/static/", StringComparison.Ordinal))
            // Downloads are files, not pages in the layout; AdminListToolsTests checks who may fetch them.
            .Where(path => !path.EndsWith(".csv", StringComparison.Ordinal))
            .Select(path => path
                .Replace("{id}", userId, StringComparison.Ordinal)
                .Replace("{pluginId}", PluginId, StringComparison.Ordinal)
                .Replace("{collection}", Collection, StringComparison.Ordinal)
                .Replace("{field}", "title", StringComparison.Ordinal)
                .Replace("{recordId}", recordId, StringComparison.Ordinal)
                .Replace("{webhookId}", webhookId, StringComparison.Ordinal)
                .Replace("{**rest}", $"{PluginId}/page", StringComparison.Ordinal))
            .Distinct()
            .Order()
            .ToList();
        Assert.DoesNotContain(urls, u => u.Contains('{', StringComparison.Ordinal));
        return urls;
    }

    // A disabled webhook, created on first use.
    private static async Task<string> WebhookAsync(HttpClient admin)
    {
        var list = await (await admin.GetAsync("/api/v1/admin/webhooks")).ExpectAsync(HttpStatusCode.OK);
        if (list.AsArray() is [{ } first, ..])
        {
            return first["id"]!.GetValue<string>();
        }

        var created = await (await admin.PostJsonAsync("/api/v1/admin/webhooks", new { url = "https://example.com/routes-check", enabled = false })).ExpectAsync(HttpStatusCode.Created);
        return created["id"]!.GetValue<string>();
    }

    // The collection and its one record, created on first use.
    private static async Task<string> RecordAsync(ServerFixture server)
    {
        var create = await server.Admin.PostJsonAsync("/api/v1/collections", new { name = Collection, schema = new[] { new { name = "title", type = "text" } } });
        Assert.True(create.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"Creating {Collection}: {(int)create.StatusCode}");
        var list = await (await server.Admin.GetAsync($"/api/v1/collections/{Collection}/records")).ExpectAsync(HttpStatusCode.OK);
        if (list["items"]!.AsArray() is [{ } first, ..])
        {
            return first["id"]!.GetValue<string>();
        }

        var record = await (await server.Admin.PostJsonAsync($"/api/v1/collections/{Collection}/records", new { data = new { title = "check" } })).ExpectAsync(HttpStatusCode.Created);
        return record["id"]!.GetValue<string>();
    }
}
