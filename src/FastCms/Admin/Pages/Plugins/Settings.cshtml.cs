using System.Text.Json;
using FastCms.AdminShell;
using FastCms.PluginHost;
using FastCms.PluginHost.Settings;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FastCms.Admin.Pages.Plugins;

/// <summary>
/// A plugin's settings: a form generated from its typed settings, or a JSON editor when it has none. Saving goes
/// through the same check as the admin API and reaches the running plugin at once.
/// </summary>
internal sealed class PluginSettingsModel(PluginCatalog catalog, PluginSettingsStore store) : PageModel
{
    [TempData]
    public string? Flash { get; set; }

    public PluginInfo Plugin { get; private set; } = null!;

    public string PluginId => Plugin.Id!;

    public string Name => Plugin.Meta?.Name ?? PluginId;

    public SettingsSchema? Schema { get; private set; }

    public IReadOnlyList<SettingInput> Inputs { get; private set; } = [];

    public string JsonText { get; private set; } = "{}";

    public FormErrors Errors { get; } = new();

    public IActionResult OnGet(string pluginId)
    {
        if (!Find(pluginId))
        {
            return NotFound();
        }

        Show(null);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string pluginId, CancellationToken cancellationToken)
    {
        if (!Find(pluginId))
        {
            return NotFound();
        }

        var form = await Request.ReadFormAsync(cancellationToken);
        var values = Schema is null
            ? SettingsForm.ReadJson(form[SettingsForm.JsonField], store.Get(PluginId).Keys, Errors)
            : SettingsForm.Read(Schema, form, Errors);
        if (values is { } json)
        {
            var patch = SettingsPatch.Check(Schema, json, store.SecretHints(PluginId));
            Errors.AddRange(patch.Errors);
            if (!Errors.Any)
            {
                await store.ApplyAsync(PluginId, patch.Changes, cancellationToken);
                Flash = $"Settings of {Name} saved; the plugin uses them now.";
                return Redirect($"/admin/plugins/{PluginId}/settings");
            }
        }

        Show(form);
        var page = Page();
        page.StatusCode = StatusCodes.Status400BadRequest;
        return page;
    }

    /// <summary>Errors of the JSON editor: its own, and those of the keys inside it.</summary>
    public IReadOnlyList<string> JsonErrors() =>
    [
        .. Errors.For(SettingsForm.JsonField),
        .. Errors.Fields.Where(k => k != SettingsForm.JsonField).SelectMany(k => Errors.For(k).Select(m => $"{k}: {m}")),
    ];

    private bool Find(string pluginId)
    {
        if (catalog.Find(pluginId) is not { Id: { } } plugin)
        {
            return false;
        }

        Plugin = plugin;
        Schema = store.Schema(plugin.Id);
        return true;
    }

    // Inputs show what was submitted after a failed save, the current values otherwise.
    private void Show(IFormCollection? submitted)
    {
        var stored = store.Get(PluginId);
        if (Schema is null)
        {
            // Masked where secret hints say so (a plugin disabled since startup); a mask sent back keeps the secret.
            JsonText = Posted(submitted, SettingsForm.JsonField)
                ?? SettingsForm.Indented(JsonSerializer.SerializeToElement(store.Public(PluginId).OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary()));
            return;
        }

        Inputs = [.. Schema.Fields.Select(field =>
        {
            var current = stored.TryGetValue(field.Key, out var value) && Schema.Validate(field.Key, value) is null ? value : field.Default;
            var posted = Posted(submitted, SettingsForm.FieldPrefix + field.Key);
            var text = field.Secret ? "" : posted ?? (current is { } c ? SettingsForm.Display(c) : "");
            var isChecked = submitted is null ? current is { ValueKind: JsonValueKind.True } : posted == "true";
            return new SettingInput(field, text, isChecked, field.Secret && stored.ContainsKey(field.Key), Errors.For(field.Key));
        })];
    }

    private static string? Posted(IFormCollection? form, string name) =>
        form is not null && form.TryGetValue(name, out var value) ? value.ToString() : null;
}
