using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;
using FastCms.Data;
using FastCms.Plugins;

namespace FastCms.PluginHost.Settings;

/// <summary>
/// Plugin settings: JSON values per <c>(plugin_id, key)</c> in table <c>plugin_settings</c>, held in memory so
/// reads cost a dictionary lookup, written through to the database, and announced to the plugin's
/// settings-changed handlers after each committed change.
/// </summary>
internal sealed class PluginSettingsStore(Database database, TimeProvider clock, ILogger<PluginSettingsStore> logger)
{
    public const string Mask = "********";

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    private readonly ConcurrentDictionary<string, ImmutableDictionary<string, JsonElement>> _values = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SettingsSchema> _schemas = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ImmutableArray<PluginSettingsChangedHandler>> _handlers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _versions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlySet<string>> _secretHints = new(StringComparer.Ordinal);

    // Orders applying a refresh against a write committed here, so that a refresh read before the write cannot undo it.
    private readonly Lock _apply = new();

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        foreach (var (plugin, values) in await ReadAllAsync(cancellationToken))
        {
            _values[plugin] = values;
            Bump(plugin);
        }
    }

    /// <summary>
    /// Picks up changes other instances made to the shared database, and announces them to the plugins here.
    /// </summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var versions = new Dictionary<string, long>(_versions, StringComparer.Ordinal);
        var stored = await ReadAllAsync(cancellationToken);
        foreach (var plugin in stored.Keys.Union(_values.Keys).ToList())
        {
            var now = stored.GetValueOrDefault(plugin) ?? ImmutableDictionary<string, JsonElement>.Empty;
            List<string> changed;
            lock (_apply)
            {
                // A write committed here since the read began is newer than what was read: the next refresh sees it.
                if (Version(plugin) != versions.GetValueOrDefault(plugin))
                {
                    continue;
                }

                var before = Get(plugin);
                changed = [.. now.Keys.Union(before.Keys)
                    .Where(key => !now.TryGetValue(key, out var a) || !before.TryGetValue(key, out var b) || a.GetRawText() != b.GetRawText())];
                if (changed.Count > 0)
                {
                    _values[plugin] = now;
                    Bump(plugin);
                }
            }

            if (changed.Count > 0)
            {
                await RaiseChangedAsync(plugin, changed, cancellationToken);
            }
        }
    }

    private async Task<Dictionary<string, ImmutableDictionary<string, JsonElement>>> ReadAllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand("SELECT plugin_id, key, value FROM plugin_settings");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var all = new Dictionary<string, ImmutableDictionary<string, JsonElement>.Builder>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var plugin = reader.GetString(0);
            if (!all.TryGetValue(plugin, out var values))
            {
                all[plugin] = values = ImmutableDictionary.CreateBuilder<string, JsonElement>(StringComparer.Ordinal);
            }

            try
            {
                values[reader.GetString(1)] = JsonElement.Parse(reader.GetString(2));
            }
            catch (JsonException)
            {
                logger.LogWarning("Setting {Key} of plugin {PluginId} is not valid JSON and is ignored", reader.GetString(1), plugin);
            }
        }

        return all.ToDictionary(p => p.Key, p => p.Value.ToImmutable(), StringComparer.Ordinal);
    }

    public ImmutableDictionary<string, JsonElement> Get(string pluginId) =>
        _values.TryGetValue(pluginId, out var values) ? values : ImmutableDictionary<string, JsonElement>.Empty;

    /// <summary>Changes on every write to the plugin's settings; typed accessors rebuild when it moves.</summary>
    public long Version(string pluginId) => _versions.TryGetValue(pluginId, out var version) ? version : 0;

    public SettingsSchema? Schema(string pluginId) => _schemas.TryGetValue(pluginId, out var schema) ? schema : null;

    /// <summary>What the plugin's registration declared: its typed settings, or none (<c>null</c>).</summary>
    public void SetSchema(string pluginId, SettingsSchema? schema)
    {
        _secretHints.TryRemove(pluginId, out _);
        if (schema is null)
        {
            _schemas.TryRemove(pluginId, out _);
        }
        else
        {
            _schemas[pluginId] = schema;
        }
    }

    /// <summary>
    /// For a plugin that has not registered in this process (disabled since startup, or failed) and so has no known
    /// schema: the keys its assembly marks <c>[Secret]</c>, masked until it registers, so that disabling never reveals a
    /// secret.
    /// </summary>
    public void SetSecretHints(string pluginId, IReadOnlySet<string> keys) => _secretHints[pluginId] = keys;

    /// <summary>The secret keys of a plugin without a known schema (see <see cref="SetSecretHints"/>).</summary>
    public IReadOnlySet<string>? SecretHints(string pluginId) =>
        Schema(pluginId) is null && _secretHints.TryGetValue(pluginId, out var keys) ? keys : null;

    public void AddHandlers(string pluginId, IEnumerable<PluginSettingsChangedHandler> handlers) =>
        _handlers.AddOrUpdate(pluginId, _ => [.. handlers], (_, existing) => existing.AddRange(handlers));

    /// <summary>Forgets the plugin's settings-changed handlers (it is being disabled); its values and schema stay.</summary>
    public void RemoveHandlers(string pluginId) => _handlers.TryRemove(pluginId, out _);

    /// <summary>The settings as the API shows them: stored values, secrets masked.</summary>
    public Dictionary<string, JsonElement?> Public(string pluginId)
    {
        var schema = Schema(pluginId);
        var hints = SecretHints(pluginId);
        return Get(pluginId).ToDictionary(
            pair => pair.Key,
            pair => (schema?.Find(pair.Key) is { Secret: true } || hints?.Contains(pair.Key) == true) && pair.Value.ValueKind != JsonValueKind.Null
                ? JsonSerializer.SerializeToElement(Mask)
                : (JsonElement?)pair.Value,
            StringComparer.Ordinal);
    }

    /// <summary>
    /// Merges <paramref name="changes"/> into the plugin's settings in one transaction (a <c>null</c> value
    /// removes the key), then tells the plugin which keys changed.
    /// </summary>
    public async Task ApplyAsync(string pluginId, IReadOnlyDictionary<string, JsonElement?> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
        {
            return;
        }

        await database.WriteAsync(async session =>
        {
            foreach (var (key, value) in changes)
            {
                await using var command = value is null or { ValueKind: JsonValueKind.Null }
                    ? session.CreateCommand("DELETE FROM plugin_settings WHERE plugin_id = @plugin AND key = @key")
                    : session.CreateCommand(
                        "INSERT INTO plugin_settings (plugin_id, key, value, updated_at) VALUES (@plugin, @key, @value, @updated) " +
                        "ON CONFLICT (plugin_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at");
                command.AddParameter("plugin", pluginId).AddParameter("key", key);
                if (value is { ValueKind: not JsonValueKind.Null } json)
                {
                    command.AddParameter("value", json.GetRawText()).AddParameter("updated", session.Dialect.Timestamp(clock.GetUtcNow()));
                }

                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            session.OnCommitted(() =>
            {
                lock (_apply)
                {
                    _values.AddOrUpdate(pluginId, _ => Merge(ImmutableDictionary<string, JsonElement>.Empty, changes), (_, old) => Merge(old, changes));
                    Bump(pluginId);
                }
            });
        }, cancellationToken);

        await RaiseChangedAsync(pluginId, [.. changes.Keys], cancellationToken);
    }

    private async Task RaiseChangedAsync(string pluginId, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        if (!_handlers.TryGetValue(pluginId, out var handlers))
        {
            return;
        }

        var change = new PluginSettingsChange(keys);
        foreach (var handler in handlers)
        {
            try
            {
                await handler(change, cancellationToken);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Settings-changed handler of plugin {PluginId} failed", pluginId);
            }
        }
    }

    private static ImmutableDictionary<string, JsonElement> Merge(ImmutableDictionary<string, JsonElement> old, IReadOnlyDictionary<string, JsonElement?> changes)
    {
        var builder = old.ToBuilder();
        foreach (var (key, value) in changes)
        {
            if (value is null or { ValueKind: JsonValueKind.Null })
            {
                builder.Remove(key);
            }
            else
            {
                builder[key] = value.Value.Clone();
            }
        }

        return builder.ToImmutable();
    }

    private void Bump(string pluginId) => _versions.AddOrUpdate(pluginId, 1, (_, v) => v + 1);
}
