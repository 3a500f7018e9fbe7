using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.RegularExpressions;
using FastCms.AdminShell;
using FastCms.Events;
using FastCms.Jobs;
using FastCms.Kernel;
using FastCms.PluginHost.Settings;
using FastCms.Plugins;
using FastCms.Plugins.Events;
using FastCms.Plugins.Jobs;
using FastCms.Plugins.Realtime;

namespace FastCms.PluginHost.Registration;

/// <summary>
/// The <see cref="IPluginContext"/> handed to one plugin's <c>Register</c> (and, as an <see cref="IHookContext"/>, to a
/// hook script's). Routes, hooks, jobs, pages, the database, migrations, the settings schema and settings writes are
/// staged here and take effect in <see cref="CommitAsync"/> — only if <c>Register</c> returned and the plugin's tables
/// could be brought up to date. Settings reads and writes keep working for the plugin's whole life. Routes, pages and
/// hooks answer to <see cref="Mount"/>, so the registration takes effect and is withdrawn as a whole.
/// </summary>
internal sealed partial class PluginRegistration : IPluginContext
{
    private readonly PluginHostServices _host;
    private readonly StagedHooks _hooks;
    private readonly StagedRealtime _realtime;
    private readonly List<AdminPage> _pages = [];
    private readonly List<string> _prefixes = [];
    private readonly List<PluginSettingsChangedHandler> _settingsHandlers = [];
    private readonly Dictionary<string, JsonElement?> _stagedSettings = new(StringComparer.Ordinal);
    private readonly List<JobDefinition> _jobs = [];
    private PrivateRouteBuilder? _routes;
    private SettingsSchema? _schema;
    private Meter? _meter;
    private bool _open = true;

    public PluginRegistration(PluginInfo info, PluginHostServices host)
        : this(info.Id!, info.Path, "Plugin." + info.Id, host)
    {
    }

    /// <param name="owner">A plugin id, or <c>hooks/{file}</c> for a hook script.</param>
    public PluginRegistration(string owner, string directory, string loggerCategory, PluginHostServices host)
    {
        _host = host;
        PluginId = owner;
        Directory = directory;
        Logger = host.LoggerFactory.CreateLogger(loggerCategory);
        _migrations = new StagedMigrations(EnsureOpen);
        _hooks = new StagedHooks(owner, host.Hooks, Mount);
        _realtime = new StagedRealtime(owner, host.Services, Mount, EnsureOpen);
    }

    public string PluginId { get; }

    public string Directory { get; }

    public ILogger Logger { get; }

    public IServiceProvider Services => _host.Services;

    public Meter Meter => _meter ??= _host.MeterFactory.Create(new MeterOptions(Kernel.FastCmsMeter.PluginMeterPrefix + PluginId) { Tags = [new("plugin", PluginId)] });

    public IReadOnlyList<string> Prefixes => _prefixes;

    public IPluginRealtime Realtime => _realtime;

    public IReadOnlyList<AdminPage> Pages => _pages;

    public bool HasSettingsSchema => _schema is not null;

    public IReadOnlyList<string> Tables { get; private set; } = [];

    public IReadOnlyList<JobDefinition> Jobs => _jobs;

    /// <summary>Turned on when the registration is committed; the plugin's lifecycle turns it off to withdraw it.</summary>
    public PluginMount Mount { get; } = new();

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

        _routes ??= new PrivateRouteBuilder(new PluginServiceProvider(_host.Services, _host.Databases));
        _prefixes.Add(prefix);
        var group = _routes.MapGroup("/api/v1/plugins" + prefix);
        group.WithMetadata(new PluginEndpointMetadata(PluginId), Mount).WithTags("Plugin: " + PluginId);
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
        _hooks.AddAny(handler, priority);
    }

    public void Schedule(string name, string cron, ScheduledJobHandler job, TimeZoneInfo? timeZone = null)
    {
        EnsureOpen();
        var definition = JobDefinition.Create(PluginId, name, cron, job, timeZone, Logger);
        if (_jobs.Any(j => j.Name == name))
        {
            throw new InvalidOperationException($"A job named '{name}' is already scheduled by '{PluginId}'.");
        }

        _jobs.Add(definition);
    }

    /// <summary>What the owner registered, for the admin APIs.</summary>
    public IEnumerable<IRegisteredHook> Hooks => _hooks.All;

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

    /// <summary>
    /// Brings the plugin's tables up to date, then activates everything staged. Called once, after <c>Register</c>
    /// returned. Returns why the plugin cannot become active (nothing is activated then), or <c>null</c>.
    /// </summary>
    /// <param name="assemblyVersion">Identifies the plugin's build, so that an unchanged model costs no schema work.</param>
    public async Task<string?> CommitAsync(Guid assemblyVersion, CancellationToken cancellationToken)
    {
        _open = false;
        var schema = await _host.Schema.ApplyAsync(PluginId, _database, _migrations.Entries, assemblyVersion, cancellationToken);
        if (schema.Error is not null)
        {
            Abandon();
            return schema.Error;
        }

        Tables = schema.Tables;
        if (_database is not null)
        {
            _host.Databases.Add(_database);
        }

        _host.Settings.SetSchema(PluginId, _schema);
        _host.Settings.AddHandlers(PluginId, _settingsHandlers);
        if (_stagedSettings.Count > 0)
        {
            await _host.Settings.ApplyAsync(PluginId, _stagedSettings, cancellationToken);
        }

        _realtime.Commit();
        _hooks.Commit();
        _host.AdminPages.TryAddRange(_pages, out _);
        foreach (var prefix in _prefixes)
        {
            _host.RoutePrefixes.Add(prefix, PluginId);
        }

        if (_routes is not null)
        {
            _host.Endpoints.Add(PluginId, [.. _routes.DataSources]);
        }

        _host.Jobs.AddRange(_jobs);
        CommitDurableHandlers();
        Mount.GoLive();
        return null;
    }

    /// <summary>Activates the hooks and jobs of a hook script (which has nothing else).</summary>
    public void CommitScript()
    {
        _open = false;
        _hooks.Commit();
        _host.Jobs.AddRange(_jobs);
        Mount.GoLive();
    }

    /// <summary>Drops everything staged. Called when <c>Register</c> threw or the schema could not be brought up to date.</summary>
    public void Abandon() => _open = false;

    private void Before(RecordOperation operation, string? collection, RecordChangeHandler handler, int priority)
    {
        EnsureOpen();
        _hooks.AddBefore(operation, collection, handler, priority);
    }

    private void After(string eventType, string? collection, RecordEventHandler handler, int priority)
    {
        EnsureOpen();
        _hooks.AddAfter(eventType, collection, handler, priority);
    }

    private void EnsureOpen()
    {
        if (!_open)
        {
            throw new InvalidOperationException($"'{PluginId}' can register routes, hooks, jobs, pages, databases and settings only inside Register(ctx).");
        }
    }

    [GeneratedRegex("^(/[a-z0-9]+(?:[-_][a-z0-9]+)*)+$", RegexOptions.CultureInvariant)]
    private static partial Regex PrefixPattern();

    [GeneratedRegex("^fa-[a-z0-9-]+( fa-[a-z0-9-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex IconPattern();
}
