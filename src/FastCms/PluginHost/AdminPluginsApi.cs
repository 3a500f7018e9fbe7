using System.Security.Claims;
using System.Text.Json;
using FastCms.Kernel;
using FastCms.PluginHost.Lifecycle;
using FastCms.PluginHost.Settings;
using FastCms.Plugins;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FastCms.PluginHost;

internal sealed record AdminPageResponse(string NavId, string Label, string Icon, string Url);

internal sealed record PluginResponse(
    string? Id,
    string? Name,
    string? Version,
    string Author,
    string Description,
    string Folder,
    string Kind,
    PluginStatus Status,
    string? Error,
    IReadOnlyList<string> Diagnostics,
    IReadOnlyList<string> RoutePrefixes,
    IReadOnlyList<AdminPageResponse> AdminPages,
    bool HasSettingsSchema,
    IReadOnlyList<PluginDependency> Dependencies,
    bool? CacheHit,
    double BuildMs,
    IReadOnlyList<SettingField>? SettingsSchema,
    IReadOnlyList<string> Tables,
    IReadOnlyList<string> Jobs,
    string? ReloadError,
    IReadOnlyList<string> ReloadDiagnostics)
{
    public static PluginResponse From(PluginInfo p, SettingsSchema? schema = null) => new(
        p.Id, p.Meta?.Name, p.Meta?.Version, p.Meta?.Author ?? "", p.Meta?.Description ?? "", p.Folder,
        p.Kind == PluginKind.Source ? "source" : "prebuilt", p.Status, p.Error, p.Diagnostics, p.RoutePrefixes,
        [.. p.AdminPages.Select(a => new AdminPageResponse(a.NavId, a.Label, a.Icon, a.Url))], p.HasSettingsSchema,
        p.Meta?.Dependencies ?? [], p.CacheHit, Math.Round(p.BuildMilliseconds, 1), schema?.Fields, p.Tables, p.Jobs,
        p.ReloadFailure?.Message, p.ReloadFailure?.Diagnostics ?? []);
}

/// <summary>
/// The admin plugin API: every discovered plugin with its status, enabling and disabling without restart, and settings
/// that apply without restart.
/// </summary>
internal static class AdminPluginsApi
{
    public static RouteGroupBuilder MapAdminPluginsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/admin/plugins").WithTags("Admin: plugins").RequireAdmin();
        api.MapGet("/", List).WithSummary("List every discovered plugin with its status");
        api.MapGet("/{id}", Get).WithSummary("Get one plugin (by id, or by folder when its id is unknown)");
        api.MapPost("/{id}/enable", Enable).WithSummary("Enable a plugin: register it now and at every start");
        api.MapPost("/{id}/disable", Disable).WithSummary("Disable a plugin: withdraw its routes, hooks, jobs and pages now and at every start");
        api.MapGet("/{id}/settings", GetSettings).WithSummary("Get a plugin's settings (secrets masked)");
        api.MapGet("/{id}/settings/schema", GetSchema).WithSummary("Describe a plugin's typed settings");
        api.MapPatch("/{id}/settings", PatchSettings).WithSummary("Change a plugin's settings (null removes a key)");
        return api;
    }

    private static Ok<List<PluginResponse>> List(PluginCatalog catalog, PluginSettingsStore store) =>
        TypedResults.Ok(catalog.Plugins.Select(p => PluginResponse.From(p, p.Id is null ? null : store.Schema(p.Id))).ToList());

    private static Results<Ok<PluginResponse>, ProblemHttpResult> Get(string id, PluginCatalog catalog, PluginSettingsStore store) =>
        catalog.Find(id) is { } plugin
            ? TypedResults.Ok(PluginResponse.From(plugin, plugin.Id is null ? null : store.Schema(plugin.Id)))
            : NotFound(id);

    private static async Task<Results<Ok<PluginResponse>, ProblemHttpResult>> Enable(
        string id, ClaimsPrincipal user, PluginLifecycle lifecycle, PluginSettingsStore store, CancellationToken cancellationToken) =>
        Respond(await lifecycle.EnableAsync(id, user.GetUserId(), cancellationToken), store);

    private static async Task<Results<Ok<PluginResponse>, ProblemHttpResult>> Disable(
        string id, ClaimsPrincipal user, PluginLifecycle lifecycle, PluginSettingsStore store, CancellationToken cancellationToken) =>
        Respond(await lifecycle.DisableAsync(id, user.GetUserId(), cancellationToken), store);

    private static Results<Ok<PluginResponse>, ProblemHttpResult> Respond(PluginChange change, PluginSettingsStore store) => change.Outcome switch
    {
        PluginChangeOutcome.NotFound => Problems.NotFound(change.Problem!),
        PluginChangeOutcome.Refused or PluginChangeOutcome.Failed => Problems.Conflict(change.Problem!),
        _ => TypedResults.Ok(PluginResponse.From(change.Plugin!, store.Schema(change.Plugin!.Id!))),
    };

    private static Results<Ok<Dictionary<string, JsonElement?>>, ProblemHttpResult> GetSettings(string id, PluginCatalog catalog, PluginSettingsStore store) =>
        catalog.Find(id) is { Id: { } pluginId } ? TypedResults.Ok(store.Public(pluginId)) : NotFound(id);

    private static Results<Ok<IReadOnlyList<SettingField>>, ProblemHttpResult> GetSchema(string id, PluginCatalog catalog, PluginSettingsStore store)
    {
        if (catalog.Find(id) is not { Id: { } pluginId })
        {
            return NotFound(id);
        }

        return store.Schema(pluginId) is { } schema
            ? TypedResults.Ok(schema.Fields)
            : Problems.NotFound($"Plugin '{pluginId}' has no typed settings; any JSON values may be stored.");
    }

    private static async Task<Results<Ok<Dictionary<string, JsonElement?>>, ValidationProblem, ProblemHttpResult>> PatchSettings(
        string id, JsonElement body, PluginCatalog catalog, PluginSettingsStore store, CancellationToken cancellationToken)
    {
        if (catalog.Find(id) is not { Id: { } pluginId })
        {
            return NotFound(id);
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            return Problems.BadRequest("The body must be a JSON object mapping setting keys to values (null removes a key).");
        }

        var patch = SettingsPatch.Check(store.Schema(pluginId), body, store.SecretHints(pluginId));
        if (patch.Errors.Any)
        {
            return patch.Errors.ToResult();
        }

        await store.ApplyAsync(pluginId, patch.Changes, cancellationToken);
        return TypedResults.Ok(store.Public(pluginId));
    }

    private static ProblemHttpResult NotFound(string id) => Problems.NotFound($"Plugin '{id}' not found.");
}
