using System.Globalization;
using FastCms.AdminShell;
using FastCms.Auth;
using FastCms.Data;
using FastCms.Kernel;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace FastCms.Admin.Pages;

internal sealed record SettingEntry(string Label, string Key, string Value);

internal sealed record SettingGroup(string Id, string Title, string Icon, IReadOnlyList<SettingEntry> Entries);

/// <summary>A read-only overview of the effective, non-secret configuration.</summary>
internal sealed class SettingsModel(
    Database database,
    ContentPaths paths,
    IOptions<FastCmsOptions> fastCms,
    IOptions<AuthOptions> auth,
    IOptions<AdminUiOptions> admin,
    IConfiguration configuration,
    IServer server,
    IWebHostEnvironment environment) : PageModel
{
    public IReadOnlyList<SettingGroup> Groups { get; private set; } = [];

    public void OnGet()
    {
        var a = auth.Value;
        Groups =
        [
            new("settings-server", "Server", "fa-solid fa-server",
            [
                new("Listening on", "urls", server.Features.Get<IServerAddressesFeature>()?.Addresses is { Count: > 0 } addresses
                    ? string.Join(", ", addresses)
                    : configuration["urls"] ?? "(default)"),
                new("Environment", "ASPNETCORE_ENVIRONMENT", environment.EnvironmentName),
                new("CORS origins", "FastCms:CorsOrigins", fastCms.Value.CorsOrigins.Length == 0 ? "none (same origin only)" : string.Join(", ", fastCms.Value.CorsOrigins)),
            ]),
            new("settings-database", "Database", "fa-solid fa-database",
            [
                new("Provider", "FastCms:Database:Provider", database.Provider == DatabaseProvider.Postgres ? "PostgreSQL" : "SQLite"),
                new("Location", "FastCms:Database:ConnectionString", database.Description),
            ]),
            new("settings-folders", "Folders", "fa-solid fa-folder-open",
            [
                new("Data", "FastCms:DataDir", paths.DataDir),
                new("Plugins", "FastCms:PluginsDir", paths.PluginsDir),
                new("Hooks", "FastCms:HooksDir", paths.HooksDir),
            ]),
            new("settings-auth", "Authentication", "fa-solid fa-key",
            [
                new("Self-registration", "FastCms:Auth:AllowRegistration", a.AllowRegistration ? "open" : "closed"),
                new("Access token lifetime", "FastCms:Auth:AccessTokenMinutes", Plural(a.AccessTokenMinutes, "minute")),
                new("Refresh token lifetime", "FastCms:Auth:RefreshTokenDays", Plural(a.RefreshTokenDays, "day")),
                new("Token signing key", "FastCms:Auth:JwtSecret", string.IsNullOrEmpty(a.JwtSecret) ? "generated, stored in the database" : "set in configuration"),
                new("Minimum password length", "FastCms:Auth:MinPasswordLength", Plural(a.MinPasswordLength, "character")),
                new("Lockout", "FastCms:Auth:MaxFailedLoginsPerAccount",
                    $"{Plural(a.MaxFailedLoginsPerAccount, "failed login")} per account or {a.MaxFailedLoginsPerClient} per client address within {Plural(a.LockoutSeconds, "second")}"),
            ]),
            new("settings-admin", "Admin UI", "fa-solid fa-user-shield",
            [
                new("Session lifetime", "FastCms:Admin:SessionHours", Plural(admin.Value.SessionHours, "hour") + " without activity"),
                new("Recent errors kept", "FastCms:Admin:RecentErrors", admin.Value.RecentErrors.ToString(CultureInfo.InvariantCulture)),
            ]),
        ];
    }

    private static string Plural(int value, string unit) =>
        value.ToString(CultureInfo.InvariantCulture) + " " + unit + (value == 1 ? "" : "s");
}
