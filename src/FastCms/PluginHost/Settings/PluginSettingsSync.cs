using FastCms.Data;

namespace FastCms.PluginHost.Settings;

/// <summary>
/// On PostgreSQL, where several instances may share the database, re-reads plugin settings every few seconds
/// so a change saved through one instance reaches the plugins on all of them. SQLite has one instance, whose
/// own writes update the store directly.
/// </summary>
public sealed class PluginSettingsSync(Database database, PluginSettingsStore store, ILogger<PluginSettingsSync> logger) : BackgroundService
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
                await store.RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not refresh plugin settings from the database");
            }
        }
    }
}
