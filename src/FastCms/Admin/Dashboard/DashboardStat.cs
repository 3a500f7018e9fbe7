using System.Globalization;
using FastCms.Users;

namespace FastCms.Admin.Dashboard;

/// <summary>A number on the dashboard.</summary>
/// <param name="Label">What is counted, e.g. "Users".</param>
/// <param name="Value">The formatted value.</param>
/// <param name="Icon">Font Awesome classes.</param>
/// <param name="Url">Optional page with the details.</param>
/// <param name="Order">Position among all cards; lower comes first (users 100, collections 200, plugins 300, …).</param>
internal sealed record DashboardStat(string Label, string Value, string Icon, string? Url = null, int Order = 0);

/// <summary>
/// Contributes cards to the dashboard. Each feature registers its own
/// (<c>services.AddSingleton&lt;IDashboardStatSource, CollectionStats&gt;()</c>); a failing source shows as unavailable
/// without breaking the page.
/// </summary>
internal interface IDashboardStatSource
{
    /// <summary>Name shown when the source fails.</summary>
    string Name { get; }

    Task<IReadOnlyList<DashboardStat>> GetStatsAsync(CancellationToken cancellationToken);
}

internal sealed class UserStats(UserStore users) : IDashboardStatSource
{
    public string Name => "Users";

    public async Task<IReadOnlyList<DashboardStat>> GetStatsAsync(CancellationToken cancellationToken)
    {
        var (total, admins) = await users.CountAsync(cancellationToken);
        return
        [
            new("Users", total.ToString("N0", CultureInfo.InvariantCulture), "fa-solid fa-users", "/admin/users", 100),
            new("Admins", admins.ToString("N0", CultureInfo.InvariantCulture), "fa-solid fa-user-shield", "/admin/users", 110),
        ];
    }
}
