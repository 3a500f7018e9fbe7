using System.Text.Json;
using FastCms.AdminShell;
using FastCms.PluginHost.Settings;
using FastCms.Plugins;
using Fluid;
using Fluid.Values;
using Microsoft.AspNetCore.Antiforgery;

namespace FastCms.PluginHost.AdminPages;

/// <summary>What a plugin's admin template sees besides its model.</summary>
internal static class PluginPageContext
{
    public static TemplateContext Create(HttpContext http, PluginInfo plugin, TemplateOptions options, object? model)
    {
        var services = http.RequestServices;
        var id = plugin.Id!;
        var url = PluginAdminRoutes.BasePath(id);
        var context = new TemplateContext(options);
        context.SetValue("model", TemplateValues.FromModel(model));
        context.SetValue("plugin", new Dictionary<string, object?>
        {
            ["id"] = id,
            ["name"] = plugin.Meta?.Name,
            ["version"] = plugin.Meta?.Version,
            ["author"] = plugin.Meta?.Author,
            ["description"] = plugin.Meta?.Description,
            ["url"] = url,
            ["static_url"] = url + PluginAdminRoutes.StaticSegment,
            ["settings_url"] = url + PluginAdminRoutes.SettingsSegment,
        });
        context.SetValue("settings", Settings(services.GetRequiredService<PluginSettingsStore>(), id));
        context.SetValue("request", new Dictionary<string, object?>
        {
            ["path"] = http.Request.Path.Value,
            ["query"] = http.Request.Query.ToDictionary(q => q.Key, q => (object?)q.Value.ToString(), StringComparer.Ordinal),
            ["route"] = http.Request.RouteValues.ToDictionary(r => r.Key, r => (object?)Convert.ToString(r.Value, System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal),
        });
        context.SetValue("user", new Dictionary<string, object?>
        {
            ["id"] = http.User.GetUserId(),
            ["email"] = http.User.Identity?.Name,
        });

        var tokens = services.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        context.SetValue("antiforgery", new Dictionary<string, object?> { ["field_name"] = tokens.FormFieldName, ["token"] = tokens.RequestToken });
        var encoder = AdminHtml.Encoder;
        context.SetValue("antiforgery_field", new StringValue(
            $"<input name=\"{encoder.Encode(tokens.FormFieldName)}\" type=\"hidden\" value=\"{encoder.Encode(tokens.RequestToken ?? "")}\">", encode: false));
        return context;
    }

    /// <summary>The plugin's current settings: for typed settings the defaults overlaid with stored values; secrets masked.</summary>
    public static Dictionary<string, object?> Settings(PluginSettingsStore store, string pluginId)
    {
        var schema = store.Schema(pluginId);
        var stored = store.Get(pluginId);
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (schema is null)
        {
            foreach (var (key, value) in stored)
            {
                values[key] = TemplateValues.FromJson(value);
            }

            return values;
        }

        foreach (var field in schema.Fields)
        {
            var current = stored.TryGetValue(field.Key, out var value) && schema.Validate(field.Key, value) is null ? value : field.Default;
            values[field.Key] = field.Secret
                ? HasValue(current) ? PluginSettingsStore.Mask : ""
                : current is { } json ? TemplateValues.FromJson(json) : null;
        }

        return values;
    }

    private static bool HasValue(JsonElement? value) =>
        value is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } v && !(v.ValueKind == JsonValueKind.String && v.GetString()!.Length == 0);
}
