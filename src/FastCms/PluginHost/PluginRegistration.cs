using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.RegularExpressions;
using FastCms.Admin;
using FastCms.Events;
using FastCms.PluginHost.Settings;
using FastCms.Plugins;
using FastCms.Plugins.Events;

namespace FastCms.PluginHost;

/// <summary>
/// The <see cref="IPluginContext"/> handed to one plugin's <c>Register</c>. Routes, hooks, pages, the settings
/// schema and settings writes are staged here and take effect in <see cref="CommitAsync"/> — only if
/// <c>Register</c> returned. Settings reads and writes keep working for the plugin's whole life.
/// </summary>
public sealed partial class PluginRegistration : IPluginContext
{
    private readonly PluginHostServices _host;
    private readonly List<BeforeHook> _before = [];
    private readonly List<AfterHook> _after = [];
    private readonly List<AnyEventHook> _any = [];
    private readonly List<AdminPage> _pages = [];
    private readonly List<string> _prefixes = [];
    private readonly List<PluginSettingsChangedHandler> _settingsHandlers = [];
    private readonly Dictionary<string, JsonElement?> _stagedSettings = new(StringComparer.Ordinal);
    private PluginRouteBuilder? _routes;
    private SettingsSchema? _schema;
    private bool _open = true;

    public PluginRegistration(PluginInfo info, PluginHostServices host)
    {
        _host = host;
        PluginId = info.Id!;
        Directory = info.Path;
        Logger = host.LoggerFactory.CreateLogger("Plugin." + PluginId);
        Meter = host.MeterFactory.Create(new MeterOptions(Metrics.FastCmsMeter.PluginMeterPrefix + PluginId) { Tags = [new("plugin", PluginId)] });
    }

    public string PluginId { get; }

    public string Directory { get; }

    public ILogger Logger { get; }

    public IServiceProvider Services => _host.Services;

    public Meter Meter { get; }

    public IReadOnlyList<string> Prefixes => _prefixes;

    public IReadOnlyList<AdminPage> Pages => _pages;

    public bool HasSettingsSchema => _schema is not null;

    public RouteGroupBuilder IncludeRouter(string prefix)
    {
        EnsureOpen();
        if (prefix is null || !PrefixPattern().IsMatch(prefix))
        {
            throw new ArgumentException($"Route prefix '{prefix}' must start with '/' and consist of slug segments, such as '/hello-world'.", nameof(prefix));
        }

        if (_host.RoutePrefixes.FindOverlap(prefix) is { } owner)
        {
            throw new InvalidOperationException($"Route prefix '{prefix}' overlaps the prefix of plugin '{owner}'.");
        }

        if (_prefixes.Any(p => PluginRoutePrefixes.Overlap(p, prefix)))
        {
            throw new InvalidOperationException($"Route prefix '{prefix}' overlaps another prefix of this plugin.");
        }

        _routes ??= new PluginRouteBuilder(_host.Services);
        _prefixes.Add(prefix);
        var group = _routes.MapGroup("/api/v1/plugins" + prefix);
        group.WithMetadata(new PluginEndpointMetadata(PluginId)).WithTags("Plugin: " + PluginId);
        return group;
    }

    public void OnRecordCreate(string? collection, RecordEventHandler handler, int priority = 0) => After(EventTypes.RecordCreated, collection, handler, priority);

    public void OnRecordUpdate(string? collection, RecordEventHandler handler, int priority = 0) => After(EventTypes.RecordUpdated, collection, handler, priority);

    public void OnRecordDelete(string? collection, RecordEventHandler handler, int priority = 0) => After(EventTypes.RecordDeleted, collection, handler, priority);

    public void OnRecordCreating(string? collection, RecordChangeHandler handler, int priority = 0) => Before(RecordOperation.Create, collection, handler, priority);

    public void OnRecordUpdating(string? collection, RecordChangeHandler handler, int priority = 0) => Before(RecordOperation.Update, collection, handler, priority);

    public void OnRecordDeleting(string? collection, RecordChangeHandler handler, int priority = 0) => Before(RecordOperation.Delete, collection, handler, priority);

    public void OnAnyEvent(FastCmsEventHandler handler, int priority = 0)
    {
        EnsureOpen();
        ArgumentNullException.ThrowIfNull(handler);
        _any.Add(new AnyEventHook(PluginId, priority, _host.Hooks.NextSequence(), handler));
    }

    public void AddAdminPage(string navId, string label, string icon, string url)
    {
        EnsureOpen();
        if (string.IsNullOrWhiteSpace(navId) || string.IsNullOrWhiteSpace(label))
        {
            throw new ArgumentException("An admin page needs a nav id and a label.");
        }

        if (icon is null || !IconPattern().IsMatch(icon))
        {
            throw new ArgumentException($"Icon '{icon}' must be Font Awesome classes such as 'fa-star'.", nameof(icon));
        }

        if (url is null || !url.StartsWith('/') || url.StartsWith("//", StringComparison.Ordinal) || url.Contains('\\'))
        {
            throw new ArgumentException($"Admin page URL '{url}' must be a path on this server, such as '/admin/plugins/{PluginId}'.", nameof(url));
        }

        var taken = _host.AdminPages.Pages.FirstOrDefault(p => p.NavId == navId) ?? _pages.FirstOrDefault(p => p.NavId == navId);
        if (taken is not null)
        {
            throw new InvalidOperationException($"Admin page nav id '{navId}' is already used by '{taken.Owner}'.");
        }

        _pages.Add(new AdminPage(navId, label, icon, url, PluginId));
    }

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

    /// <summary>Activates everything staged. Called once, after <c>Register</c> returned.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        _open = false;
        if (_schema is not null)
        {
            _host.Settings.SetSchema(PluginId, _schema);
        }

        _host.Settings.AddHandlers(PluginId, _settingsHandlers);
        if (_stagedSettings.Count > 0)
        {
            await _host.Settings.ApplyAsync(PluginId, _stagedSettings, cancellationToken);
        }

        _host.Hooks.AddRange(_before, _after, _any);
        _host.AdminPages.TryAddRange(_pages, out _);
        foreach (var prefix in _prefixes)
        {
            _host.RoutePrefixes.Add(prefix, PluginId);
        }

        if (_routes is not null)
        {
            _host.Endpoints.Add(PluginId, [.. _routes.DataSources]);
        }
    }

    /// <summary>Drops everything staged. Called when <c>Register</c> threw.</summary>
    public void Abandon() => _open = false;

    private void Before(RecordOperation operation, string? collection, RecordChangeHandler handler, int priority)
    {
        EnsureOpen();
        ArgumentNullException.ThrowIfNull(handler);
        _before.Add(new BeforeHook(PluginId, operation, NullIfEmpty(collection), priority, _host.Hooks.NextSequence(), handler));
    }

    private void After(string eventType, string? collection, RecordEventHandler handler, int priority)
    {
        EnsureOpen();
        ArgumentNullException.ThrowIfNull(handler);
        _after.Add(new AfterHook(PluginId, eventType, NullIfEmpty(collection), priority, _host.Hooks.NextSequence(), handler));
    }

    private void EnsureOpen()
    {
        if (!_open)
        {
            throw new InvalidOperationException($"Plugin '{PluginId}' can register routes, hooks, pages and settings only inside Register(ctx).");
        }
    }

    private static string? NullIfEmpty(string? collection) => string.IsNullOrEmpty(collection) ? null : collection;

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

    [GeneratedRegex("^(/[a-z0-9]+(?:[-_][a-z0-9]+)*)+$", RegexOptions.CultureInvariant)]
    private static partial Regex PrefixPattern();

    [GeneratedRegex("^fa-[a-z0-9-]+( fa-[a-z0-9-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex IconPattern();
}
