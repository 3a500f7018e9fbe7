namespace FastCms.Tests.Architecture;

/// <summary>
/// The server's top-level areas from the bottom up (docs/architecture.md draws them). An area is a set of
/// namespaces; each area may use only the areas listed before it.
/// </summary>
internal static class ServerLayers
{
    public static readonly ServerArea[] BottomUp =
    [
        new("Kernel", "FastCms.Kernel"),
        new("Data", "FastCms.Data"),
        new("Storage", "FastCms.Storage"),
        new("Health", "FastCms.Health"),
        new("Events", "FastCms.Events"),
        new("Outbox", "FastCms.Outbox"),
        new("Identity", "FastCms.Auth", "FastCms.Users", "FastCms.RateLimits", "FastCms.Setup"),
        new("Content", "FastCms.Collections", "FastCms.Records"),
        new("Files", "FastCms.Files"),
        new("Webhooks", "FastCms.Webhooks"),
        new("UserAdministration", "FastCms.AdminUsers"),
        new("AdminShell", "FastCms.AdminShell"),
        new("Jobs", "FastCms.Jobs"),
        new("Realtime", "FastCms.Realtime"),
        new("PluginHost", "FastCms.PluginHost"),
        new("HookScripts", "FastCms.HookScripts"),
        new("Metrics", "FastCms.Metrics"),
        new("AdminUi", "FastCms.Admin"),
        new("Startup", "FastCms.Startup", "FastCms.Scaffolding"),
    ];
}

internal sealed record ServerArea(string Name, params string[] Namespaces)
{
    public bool Contains(string? @namespace) =>
        @namespace is not null && Namespaces.Any(n => @namespace == n || @namespace.StartsWith(n + ".", StringComparison.Ordinal));

    public override string ToString() => Name;
}
