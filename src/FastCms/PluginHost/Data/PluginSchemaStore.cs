using FastCms.Data;

namespace FastCms.PluginHost.Data;

/// <summary>What the host applied for a plugin: the model it last brought the tables to, identified by a key.</summary>
internal sealed record PluginSchemaState(string ModelKey, ModelSnapshot Snapshot);

/// <summary>One explicit migration a plugin declared.</summary>
internal sealed record PluginMigrationEntry(int Version, string Description, FastCms.Plugins.Data.PluginMigration Up);

/// <summary>
/// Tables <c>_plugin_schema</c> (per plugin: model key and snapshot) and <c>_plugin_migrations</c> (per plugin and
/// version). Read once at startup so that plugins whose model and migrations are unchanged cost no schema work at all.
/// </summary>
internal sealed class PluginSchemaStore(Database database)
{
    private Dictionary<string, PluginSchemaState> _states = new(StringComparer.Ordinal);
    private Dictionary<string, HashSet<int>> _migrations = new(StringComparer.Ordinal);

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var states = new Dictionary<string, PluginSchemaState>(StringComparer.Ordinal);
        await using (var command = connection.CreateCommand("SELECT plugin_id, model_key, snapshot FROM _plugin_schema"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                states[reader.GetString(0)] = new PluginSchemaState(reader.GetString(1), ModelSnapshot.FromJson(reader.GetString(2)));
            }
        }

        var migrations = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        await using (var command = connection.CreateCommand("SELECT plugin_id, version FROM _plugin_migrations"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var plugin = reader.GetString(0);
                (migrations.TryGetValue(plugin, out var versions) ? versions : migrations[plugin] = []).Add(Convert.ToInt32(reader.GetValue(1)));
            }
        }

        _states = states;
        _migrations = migrations;
    }

    /// <summary>Whether the last upkeep was for exactly this model and every migration has been applied.</summary>
    public bool IsCurrent(string pluginId, string modelKey, IEnumerable<PluginMigrationEntry> migrations, out PluginSchemaState? state) =>
        _states.TryGetValue(pluginId, out state)
        && state.ModelKey == modelKey
        && migrations.All(m => _migrations.TryGetValue(pluginId, out var applied) && applied.Contains(m.Version));

    public static async Task<(PluginSchemaState? State, HashSet<int> Migrations)> ReadAsync(DbSession session, string pluginId, CancellationToken cancellationToken)
    {
        PluginSchemaState? state = null;
        await using (var command = session.CreateCommand("SELECT model_key, snapshot FROM _plugin_schema WHERE plugin_id = @plugin"))
        {
            command.AddParameter("plugin", pluginId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                state = new PluginSchemaState(reader.GetString(0), ModelSnapshot.FromJson(reader.GetString(1)));
            }
        }

        var versions = new HashSet<int>();
        await using (var command = session.CreateCommand("SELECT version FROM _plugin_migrations WHERE plugin_id = @plugin"))
        {
            command.AddParameter("plugin", pluginId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                versions.Add(Convert.ToInt32(reader.GetValue(0)));
            }
        }

        return (state, versions);
    }

    public static async Task SaveStateAsync(DbSession session, string pluginId, PluginSchemaState state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = session.CreateCommand(
            "INSERT INTO _plugin_schema (plugin_id, model_key, snapshot, updated) VALUES (@plugin, @key, @snapshot, @updated) " +
            "ON CONFLICT (plugin_id) DO UPDATE SET model_key = excluded.model_key, snapshot = excluded.snapshot, updated = excluded.updated");
        command.AddParameter("plugin", pluginId)
            .AddParameter("key", state.ModelKey)
            .AddParameter("snapshot", state.Snapshot.ToJson())
            .AddParameter("updated", session.Dialect.Timestamp(now));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task RecordMigrationAsync(
        DbSession session, string pluginId, PluginMigrationEntry migration, bool ran, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = session.CreateCommand(
            "INSERT INTO _plugin_migrations (plugin_id, version, description, ran, applied_at) VALUES (@plugin, @version, @description, @ran, @at)");
        command.AddParameter("plugin", pluginId)
            .AddParameter("version", migration.Version)
            .AddParameter("description", migration.Description)
            .AddParameter("ran", ran)
            .AddParameter("at", session.Dialect.Timestamp(now));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Keeps the in-memory copy in step after an upkeep committed (plugins register one after another).</summary>
    public void Remember(string pluginId, PluginSchemaState state, IEnumerable<int> migrations)
    {
        _states[pluginId] = state;
        (_migrations.TryGetValue(pluginId, out var versions) ? versions : _migrations[pluginId] = []).UnionWith(migrations);
    }
}
