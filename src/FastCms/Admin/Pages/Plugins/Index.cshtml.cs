using System.Text.RegularExpressions;
using FastCms.PluginHost;
using FastCms.PluginHost.Lifecycle;
using FastCms.PluginHost.Registration;
using FastCms.Plugins;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FastCms.Admin.Pages.Plugins;

/// <summary>A compiler diagnostic split for display: <c>Sub/Broken.cs:1:23</c>, <c>CS0029</c>, the message.</summary>
internal sealed record DiagnosticView(string? Location, string? Code, string Message);

/// <summary>
/// Every discovered plugin, whatever became of it: status, error, diagnostics, pages and settings; and Enable/Disable,
/// which go through the same checks as <c>POST /api/v1/admin/plugins/{id}/enable|disable</c>.
/// </summary>
internal sealed partial class PluginsIndexModel(PluginCatalog catalog, PluginActivator activator, PluginLifecycle lifecycle) : PageModel
{
    [TempData]
    public string? Flash { get; set; }

    /// <summary>Why an enable or disable was refused or failed, shown after the redirect.</summary>
    [TempData]
    public string? SwitchProblem { get; set; }

    public IReadOnlyList<PluginInfo> Plugins { get; private set; } = [];

    public string Summary
    {
        get
        {
            if (Plugins.Count == 0)
            {
                return "No plugins were found.";
            }

            var counts = Plugins.GroupBy(p => p.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToApiName().Replace('_', ' ')}");
            return $"{Plugins.Count} plugin{(Plugins.Count == 1 ? "" : "s")}: {string.Join(", ", counts)}.";
        }
    }

    public void OnGet() => Plugins = catalog.Plugins;

    public Task<IActionResult> OnPostEnableAsync([FromForm(Name = "id")] string? id, CancellationToken cancellationToken) =>
        SwitchAsync(id, enable: true, cancellationToken);

    public Task<IActionResult> OnPostDisableAsync([FromForm(Name = "id")] string? id, CancellationToken cancellationToken) =>
        SwitchAsync(id, enable: false, cancellationToken);

    /// <summary>Whether the plugin can be switched at all: it was built and its Meta is valid.</summary>
    public bool CanSwitch(PluginInfo plugin) => activator.IsBuilt(plugin);

    private async Task<IActionResult> SwitchAsync(string? id, bool enable, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(id))
        {
            return NotFound();
        }

        var change = enable
            ? await lifecycle.EnableAsync(id, User.GetUserId(), cancellationToken)
            : await lifecycle.DisableAsync(id, User.GetUserId(), cancellationToken);
        if (change.Plugin is not { } plugin)
        {
            return NotFound();
        }

        var name = plugin.Meta?.Name ?? id;
        switch (change.Outcome)
        {
            case PluginChangeOutcome.Changed:
                Flash = enable ? $"{name} is enabled: its routes, hooks, jobs and pages work now." : $"{name} is disabled: its routes, hooks, jobs and pages are gone; its settings and data stay.";
                break;
            case PluginChangeOutcome.Unchanged:
                Flash = $"{name} was already {(enable ? "enabled" : "disabled")}.";
                break;
            default:
                SwitchProblem = change.Problem;
                break;
        }

        return Redirect("/admin/plugins#" + Anchor(plugin));
    }

    /// <summary>Where the plugin can be found in the page: its id, or its folder while the id is unknown.</summary>
    public static string Anchor(PluginInfo plugin) => "plugin-" + (plugin.Id ?? plugin.Folder);

    public static string StatusClass(PluginStatus status) => status switch
    {
        PluginStatus.Active => "success",
        PluginStatus.Disabled => "muted",
        _ => "danger",
    };

    public static string StatusLabel(PluginStatus status) => status.ToApiName().Replace('_', ' ');

    public static DiagnosticView Split(string diagnostic)
    {
        var match = DiagnosticPattern().Match(diagnostic);
        return match.Success
            ? new DiagnosticView(match.Groups["location"].Value, match.Groups["code"].Value, match.Groups["message"].Value)
            : new DiagnosticView(null, null, diagnostic);
    }

    [GeneratedRegex(@"^(?<location>\S+:\d+:\d+) (?<code>[A-Z]+\d+) (?<message>.*)$", RegexOptions.Singleline)]
    private static partial Regex DiagnosticPattern();
}
