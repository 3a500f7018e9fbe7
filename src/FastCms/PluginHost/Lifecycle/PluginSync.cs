using FastCms.Data;
using FastCms.PluginHost.Settings;

namespace FastCms.PluginHost.Lifecycle;

/// <summary>
/// On PostgreSQL, where several instances may share the database, re-reads plugin settings and the plugins' enabled
/// or disabled states every few seconds, so that a change saved through one instance reaches all of them: settings
/// first, so that a plugin enabled elsewhere registers with the settings it was enabled with. SQLite has one
/// instance, whose own writes update it directly.
/// </summary>
internal sealed class PluginSync(Database database, PluginSettingsStore settings, PluginLifecycle lifecycle, ILogger<PluginSync> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (database.Provider != DatabaseProvider.Postgres)
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await settings.RefreshAsync(stoppingToken);
                await lifecycle.RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not refresh plugin settings and states from the database");
            }
        }
    }
}
