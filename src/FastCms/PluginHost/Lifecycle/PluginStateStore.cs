using FastCms.Data;

namespace FastCms.PluginHost.Lifecycle;

/// <summary>
/// Which plugins an admin switched off or on, in table <c>plugin_states</c> (a plugin without a row is enabled). The
/// table holds the choice only; what became of a plugin is its status in the <see cref="PluginCatalog"/>.
/// </summary>
internal sealed class PluginStateStore(Database database, TimeProvider clock)
{
    /// <summary>The stored choice per plugin id: <c>true</c> enabled, <c>false</c> disabled.</summary>
    public async Task<Dictionary<string, bool>> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand("SELECT plugin_id, enabled FROM plugin_states");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var states = new Dictionary<string, bool>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            states[reader.GetString(0)] = reader.GetBoolean(1);
        }

        return states;
    }

    /// <param name="updatedBy">The admin's user id.</param>
    public Task SaveAsync(string pluginId, bool enabled, string? updatedBy, CancellationToken cancellationToken) =>
        database.WriteAsync(async session =>
        {
            await using var command = session.CreateCommand(
                "INSERT INTO plugin_states (plugin_id, enabled, updated, updated_by) VALUES (@plugin, @enabled, @updated, @by) " +
                "ON CONFLICT (plugin_id) DO UPDATE SET enabled = excluded.enabled, updated = excluded.updated, updated_by = excluded.updated_by");
            command.AddParameter("plugin", pluginId)
                .AddParameter("enabled", enabled)
                .AddParameter("updated", session.Dialect.Timestamp(clock.GetUtcNow()))
                .AddParameter("by", updatedBy);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
}
