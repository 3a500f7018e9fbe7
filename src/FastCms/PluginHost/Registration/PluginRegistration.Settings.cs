using System.Text.Json;
using FastCms.PluginHost.Settings;
using FastCms.Plugins;

namespace FastCms.PluginHost.Registration;

internal sealed partial class PluginRegistration
{
    public T GetSetting<T>(string key, T defaultValue)
    {
        if (_stagedSettings.TryGetValue(key, out var staged))
        {
            return staged is { } value ? Read(value, defaultValue) : defaultValue;
        }

        return _host.Settings.Get(PluginId).TryGetValue(key, out var stored) ? Read(stored, defaultValue) : defaultValue;
    }

    public Task SetSettingAsync<T>(string key, T value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var json = value is null ? (JsonElement?)null : JsonSerializer.SerializeToElement(value, PluginSettingsStore.JsonOptions);
        if (json is { } element && (_schema ?? _host.Settings.Schema(PluginId))?.Validate(key, element) is { } problem)
        {
            throw new ArgumentException($"Setting '{key}': {problem}", nameof(value));
        }

        if (_open)
        {
            _stagedSettings[key] = json;
            return Task.CompletedTask;
        }

        return _host.Settings.ApplyAsync(PluginId, new Dictionary<string, JsonElement?> { [key] = json }, cancellationToken);
    }

    public void OnSettingsChanged(PluginSettingsChangedHandler handler)
    {
        EnsureOpen();
        ArgumentNullException.ThrowIfNull(handler);
        _settingsHandlers.Add(handler);
    }

    public IPluginSettings<T> UseSettings<T>() where T : class, new()
    {
        EnsureOpen();
        if (_schema is not null && _schema.SettingsType != typeof(T))
        {
            throw new InvalidOperationException($"Typed settings are already declared as {_schema.SettingsType.Name}; a plugin has one settings class.");
        }

        _schema = SettingsSchema.For<T>();
        return new TypedPluginSettings<T>(PluginId, _host.Settings);
    }

    private static T Read<T>(JsonElement value, T defaultValue)
    {
        try
        {
            return value.Deserialize<T>(PluginSettingsStore.JsonOptions) is { } result ? result : defaultValue;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            return defaultValue;
        }
    }
}
