using System.Text.Json;
using System.Text.Json.Nodes;
using FastCms.Plugins;

namespace FastCms.PluginHost.Settings;

/// <summary>
/// <see cref="IPluginSettings{T}.Current"/>: the defaults of <typeparamref name="T"/> overlaid with the stored
/// values, rebuilt only when the plugin's settings change.
/// </summary>
internal sealed class TypedPluginSettings<T>(string pluginId, PluginSettingsStore store) : IPluginSettings<T> where T : class, new()
{
    private (long Version, T Value)? _cached;

    public T Current
    {
        get
        {
            var version = store.Version(pluginId);
            if (_cached is { } cached && cached.Version == version)
            {
                return cached.Value;
            }

            var value = Build();
            _cached = (version, value);
            return value;
        }
    }

    private T Build()
    {
        var merged = JsonSerializer.SerializeToNode(new T(), PluginSettingsStore.JsonOptions)!.AsObject();
        var schema = store.Schema(pluginId);
        foreach (var (key, value) in store.Get(pluginId))
        {
            // A value stored before the schema changed may no longer fit; its default stays in place.
            if (schema?.Validate(key, value) is null)
            {
                merged[key] = JsonNode.Parse(value.GetRawText());
            }
        }

        try
        {
            return merged.Deserialize<T>(PluginSettingsStore.JsonOptions) ?? new T();
        }
        catch (JsonException)
        {
            return new T();
        }
    }
}
