using System.Globalization;
using FastCms.PluginHost;

namespace FastCms.Admin.Dashboard;

/// <summary>Dashboard cards for plugins: how many are active, and how many could not start.</summary>
internal sealed class PluginStats(PluginCatalog catalog) : IDashboardStatSource
{
    public string Name => "Plugins";

    public Task<IReadOnlyList<DashboardStat>> GetStatsAsync(CancellationToken cancellationToken)
    {
        var plugins = catalog.Plugins;
        var active = plugins.Count(p => p.Status == PluginStatus.Active);
        var disabled = plugins.Count(p => p.Status == PluginStatus.Disabled);
        var failed = plugins.Length - active - disabled;
        List<DashboardStat> stats =
        [
            new("Active plugins", Format(active), "fa-solid fa-puzzle-piece", "/admin/plugins", 300),
            new("Failed plugins", Format(failed), failed > 0 ? "fa-solid fa-triangle-exclamation" : "fa-solid fa-circle-check", "/admin/plugins", 310),
        ];
        if (disabled > 0)
        {
            stats.Add(new("Disabled plugins", Format(disabled), "fa-solid fa-power-off", "/admin/plugins", 320));
        }

        return Task.FromResult<IReadOnlyList<DashboardStat>>(stats);
    }

    private static string Format(int count) => count.ToString("N0", CultureInfo.InvariantCulture);
}
