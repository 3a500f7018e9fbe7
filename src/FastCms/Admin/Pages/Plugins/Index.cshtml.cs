using System.Text.RegularExpressions;
using FastCms.PluginHost;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FastCms.Admin.Pages.Plugins;

/// <summary>A compiler diagnostic split for display: <c>Sub/Broken.cs:1:23</c>, <c>CS0029</c>, the message.</summary>
public sealed record DiagnosticView(string? Location, string? Code, string Message);

/// <summary>Every discovered plugin, whatever became of it: status, error, diagnostics, pages and settings.</summary>
public sealed partial class PluginsIndexModel(PluginCatalog catalog) : PageModel
{
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

    /// <summary>Where the plugin can be found in the page: its id, or its folder while the id is unknown.</summary>
    public static string Anchor(PluginInfo plugin) => "plugin-" + (plugin.Id ?? plugin.Folder);

    public static string StatusClass(PluginStatus status) => status switch
    {
        PluginStatus.Active => "success",
        PluginStatus.Disabled => "",
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
