using FastCms.Admin;
using FastCms.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FastCms.Tests.Admin;

/// <summary>Every GET page the server maps under <c>/admin</c>, read from its endpoints, so new pages are covered automatically.</summary>
public static class AdminRoutes
{
    private static readonly string[] Public = ["/admin/login", "/admin/logout", "/admin/setup"];

    /// <summary>Concrete URLs for the protected pages; <c>{id}</c> becomes <paramref name="userId"/>, a catch-all a registered plugin page.</summary>
    public static IReadOnlyList<string> ProtectedPages(ServerFixture server, string userId)
    {
        var plugin = new AdminPage("routes-" + Guid.NewGuid().ToString("N")[..8], "Routes check", "fa-route", "/admin/plugins/routes-check/page", "routes-check");
        var registry = server.Factory.Services.GetRequiredService<AdminPageRegistry>();
        if (!registry.Pages.Any(p => p.Url == plugin.Url))
        {
            Assert.True(registry.TryAddRange([plugin], out var conflict), conflict);
        }

        var urls = server.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>() is not { } methods || methods.HttpMethods.Contains("GET"))
            .Select(e => "/" + e.RoutePattern.RawText!.Trim('/'))
            .Where(path => path.StartsWith("/admin", StringComparison.Ordinal) && !Public.Contains(path))
            .Select(path => path.Replace("{id}", userId, StringComparison.Ordinal).Replace("{**rest}", "routes-check/page", StringComparison.Ordinal))
            .Distinct()
            .Order()
            .ToList();
        Assert.DoesNotContain(urls, u => u.Contains('{', StringComparison.Ordinal));
        return urls;
    }
}
