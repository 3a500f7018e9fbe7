using FastCms.Auth;
using FastCms.Data;
using FastCms.Data.Migrations;
using FastCms.Health;
using FastCms.HookScripts;
using FastCms.PluginHost;
using FastCms.Setup;
using Microsoft.Extensions.Options;

namespace FastCms.Startup;

/// <summary>The steps <c>Program.cs</c> runs before serving, each a thin call into the area that owns it.</summary>
internal static class StartupSteps
{
    /// <summary>Validates every options class (a bad value stops the server) and logs the version and database.</summary>
    public static Task ValidateConfigurationAsync(WebApplication app, CancellationToken cancellationToken)
    {
        app.Services.GetRequiredService<IStartupValidator>().Validate();
        var database = app.Services.GetRequiredService<Database>();
        app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("FastCms")
            .LogInformation("FastCMS {Version} using {Database}", HealthApi.Version, database.Description);
        return Task.CompletedTask;
    }

    /// <summary>Brings the system tables to the current schema.</summary>
    public static Task ApplyMigrationsAsync(WebApplication app, CancellationToken cancellationToken) =>
        app.Services.GetRequiredService<MigrationRunner>().ApplyAsync(SystemMigrations.All, cancellationToken);

    /// <summary>Loads the key that signs access tokens (generating and storing one on the first run).</summary>
    public static Task LoadSigningKeyAsync(WebApplication app, CancellationToken cancellationToken) =>
        app.Services.GetRequiredService<JwtSigningKey>().LoadAsync(cancellationToken);

    /// <summary>Discovers, builds and registers the plugins under <c>plugins/</c>.</summary>
    public static Task LoadPluginsAsync(WebApplication app, CancellationToken cancellationToken) =>
        app.Services.GetRequiredService<PluginLoader>().LoadAllAsync(cancellationToken);

    /// <summary>Loads the drop-in hook scripts under <c>hooks/</c>, after the plugins whose services they may use.</summary>
    public static Task LoadHookScriptsAsync(WebApplication app, CancellationToken cancellationToken)
    {
        app.Services.GetRequiredService<HookScriptLoader>().LoadAll(cancellationToken);
        return Task.CompletedTask;
    }

    /// <summary>Creates the configured admin, or logs where to create the first one.</summary>
    public static Task RunSetupAsync(WebApplication app, CancellationToken cancellationToken)
    {
        var address = app.Configuration["urls"]?.Split(';')[0] ?? "http://localhost:8000";
        return app.Services.GetRequiredService<SetupService>().RunStartupAsync(address, cancellationToken);
    }
}
