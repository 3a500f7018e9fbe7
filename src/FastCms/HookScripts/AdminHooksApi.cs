using FastCms.PluginHost;
using FastCms.Plugins;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FastCms.HookScripts;

internal sealed record HookScriptResponse(
    string File,
    string Owner,
    PluginStatus Status,
    string? Error,
    IReadOnlyList<string> Diagnostics,
    bool? CacheHit,
    double BuildMs,
    IReadOnlyList<HookResponse> Hooks,
    IReadOnlyList<ScriptJobResponse> Jobs);

/// <summary>The admin hooks API: every hook script with its status, diagnostics and what it registered.</summary>
internal static class AdminHooksApi
{
    public static RouteGroupBuilder MapAdminHooksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/admin/hooks").WithTags("Admin: hook scripts").RequireAdmin();
        api.MapGet("/", List);
        return api;
    }

    private static Ok<List<HookScriptResponse>> List(HookScriptCatalog catalog) =>
        TypedResults.Ok(catalog.Scripts.Select(s => new HookScriptResponse(
            s.File, s.Owner, s.Status, s.Error, s.Diagnostics, s.CacheHit, Math.Round(s.BuildMilliseconds, 1), s.Hooks, s.Jobs)).ToList());
}

internal static class HookScriptsExtensions
{
    public static IHostApplicationBuilder AddHookScripts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<HookScriptCatalog>();
        builder.Services.AddSingleton<HookScriptLoader>();
        return builder;
    }
}
