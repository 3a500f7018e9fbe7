namespace FastCms.AdminShell;

/// <summary>One sidebar entry.</summary>
/// <param name="NavId">Identifies the entry; a page passes it to be shown as the active one.</param>
/// <param name="Label">Text of the entry.</param>
/// <param name="Icon">Font Awesome classes, e.g. <c>fa-solid fa-users</c>.</param>
/// <param name="Url">Where the entry links to.</param>
internal sealed record AdminNavItem(string NavId, string Label, string Icon, string Url);

/// <summary>The sidebar: the core entries, then every page plugins registered in <see cref="AdminPageRegistry"/>.</summary>
internal static class AdminNav
{
    public const string Dashboard = "dashboard";
    public const string Collections = "collections";
    public const string Users = "users";
    public const string Plugins = "plugins";
    public const string Jobs = "jobs";
    public const string Webhooks = "webhooks";
    public const string Metrics = "metrics";
    public const string Settings = "settings";

    public static IReadOnlyList<AdminNavItem> Core { get; } =
    [
        new(Dashboard, "Dashboard", "fa-solid fa-gauge-high", "/admin"),
        new(Collections, "Collections", "fa-solid fa-layer-group", "/admin/collections"),
        new(Users, "Users", "fa-solid fa-users", "/admin/users"),
        new(Plugins, "Plugins", "fa-solid fa-puzzle-piece", "/admin/plugins"),
        new(Jobs, "Jobs", "fa-solid fa-clock-rotate-left", "/admin/jobs"),
        new(Webhooks, "Webhooks", "fa-solid fa-paper-plane", "/admin/webhooks"),
        new(Metrics, "Metrics", "fa-solid fa-chart-line", "/admin/metrics"),
        new(Settings, "Settings", "fa-solid fa-gear", "/admin/settings"),
    ];

    public static IReadOnlyList<AdminNavItem> PluginItems(AdminPageRegistry registry) =>
        registry.Pages.Select(p => new AdminNavItem(p.NavId, p.Label, IconClasses(p.Icon), p.Url)).ToList();

    /// <summary>
    /// Turns a plugin's icon (<c>fa-star</c>, <c>fa-brands fa-github</c>, <c>fas fa-plug</c>) into classes; the solid
    /// style is the default. Anything but Font Awesome class names is dropped.
    /// </summary>
    public static string IconClasses(string? icon)
    {
        var names = (icon ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(n => n.StartsWith("fa", StringComparison.Ordinal) && n.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            .ToList();
        if (!names.Any(n => n.StartsWith("fa-", StringComparison.Ordinal) && !IsStyle(n)))
        {
            names.Add("fa-puzzle-piece");
        }

        if (!names.Any(IsStyle))
        {
            names.Insert(0, "fa-solid");
        }

        return string.Join(' ', names);
    }

    private static bool IsStyle(string name) =>
        name is "fa-solid" or "fa-regular" or "fa-brands" or "fas" or "far" or "fab";
}
