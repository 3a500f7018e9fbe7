using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using FastCms.Outbox;
using FastCms.PluginHost.Lifecycle;
using FastCms.PluginHost.Loading;
using FastCms.PluginHost.Settings;
using FastCms.Realtime;
using FastCms.Plugins;
using Microsoft.Extensions.Options;

namespace FastCms.PluginHost.Registration;

/// <summary>
/// Registers one plugin into the host and withdraws it again — the same steps at startup and when an admin enables or
/// disables it. Registration is all or nothing: <c>Register</c> fills a staged <see cref="PluginRegistration"/> that takes
/// effect only once committed (its tables brought up to date). Withdrawal turns the registration's
/// <see cref="PluginMount"/> off, then removes its routes, hooks, jobs, admin pages, settings handlers and route
/// prefixes; the plugin's settings, settings schema, tables and data stay.
/// </summary>
internal sealed class PluginActivator(PluginHostServices host, PluginCatalog catalog, IOptions<PluginHostOptions> options, ILogger<PluginActivator> logger)
{
    private readonly ConcurrentDictionary<string, BuiltPlugin> _built = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PluginMount> _mounts = new(StringComparer.Ordinal);

    /// <summary>Remembers a plugin that was built and validated at startup, so that it can be registered later.</summary>
    public void AddBuilt(PluginInfo info, BuiltPlugin built) => _built[info.Id!] = built;

    /// <summary>Whether the plugin can be registered: it was built, its <c>Meta</c> is valid and its id is its own.</summary>
    public bool IsBuilt(PluginInfo info) => info.Id is { } id && _built.ContainsKey(id);

    /// <summary>
    /// Until the plugin registers, the keys its assembly marks <c>[Secret]</c> stand in for its unknown settings schema
    /// (see <see cref="PluginSettingsStore.SetSecretHints"/>).
    /// </summary>
    public void HintSecrets(PluginInfo info)
    {
        if (info.Id is { } id && _built.TryGetValue(id, out var built))
        {
            host.Settings.SetSecretHints(id, SettingsSchema.SecretKeysIn(built.Assembly));
        }
    }

    /// <summary>
    /// Calls <c>Register</c> on <paramref name="instance"/> (at startup, the instance whose <c>Meta</c> was read) or on a
    /// new instance of the plugin's class, and commits. Returns the plugin's new snapshot: active, or <c>failed</c> with
    /// the reason and nothing it registered in effect.
    /// </summary>
    public async Task<PluginInfo> ActivateAsync(PluginInfo info, IPlugin? instance, CancellationToken cancellationToken) =>
        Publish(await RegisterAsync(info, instance, cancellationToken));

    private async Task<PluginInfo> RegisterAsync(PluginInfo info, IPlugin? instance, CancellationToken cancellationToken)
    {
        var built = _built[info.Id!];
        IPlugin plugin;
        try
        {
            plugin = instance ?? (IPlugin)Activator.CreateInstance(built.Type)!;
        }
        catch (Exception e)
        {
            var inner = e is TargetInvocationException { InnerException: { } actual } ? actual : e;
            return info.Failed(PluginFailure.Failed($"Creating {built.Type.Name} threw {inner.GetType().Name}: {inner.Message}{Location(inner, built.Assembly)}"));
        }

        var registration = new PluginRegistration(info, host);
        if (await RegisterWithinBudgetAsync(info, plugin, registration, built.Assembly, cancellationToken) is { } failure)
        {
            registration.Abandon();
            return info.Failed(failure);
        }

        string? error;
        try
        {
            error = await registration.CommitAsync(built.Assembly.ManifestModule.ModuleVersionId, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(e, "Committing the registration of plugin {PluginId} failed", info.Id);
            error = $"Activating the registration failed: {e.Message}";
            Remove(info.Id!);
        }

        if (error is not null)
        {
            return info.Failed(PluginFailure.Failed(error));
        }

        _mounts[info.Id!] = registration.Mount;
        return info with
        {
            State = info.State.Activate(),
            RoutePrefixes = registration.Prefixes,
            Tables = registration.Tables,
            Jobs = [.. registration.Jobs.Select(j => j.Name)],
            AdminPages = registration.Pages,
            HasSettingsSchema = registration.HasSettingsSchema,
        };
    }

    /// <summary>
    /// Swaps a rebuilt plugin in for the running one (hot reload): withdraws the old registration, registers the new
    /// build, and if that fails registers the previous build again, so a broken change never leaves the plugin down.
    /// </summary>
    public async Task<PluginInfo> ReplaceAsync(PluginInfo current, PluginInfo rebuilt, BuiltPlugin build, CancellationToken cancellationToken)
    {
        var id = rebuilt.Id!;
        var previous = _built.GetValueOrDefault(id);
        var withdrawn = current.Status == PluginStatus.Active ? Withdraw(current) : null;
        _built[id] = build;
        var activated = await RegisterAsync(rebuilt, build.Instance, cancellationToken);
        if (activated.Status == PluginStatus.Active || withdrawn is null || previous is null)
        {
            return Publish(activated);
        }

        _built[id] = previous;
        var restored = await RegisterAsync(withdrawn, instance: null, cancellationToken);
        return Publish(restored with { ReloadFailure = activated.State.Failure });
    }

    /// <summary>Keeps a rebuilt plugin that is disabled, so that enabling it registers the new build.</summary>
    public void Rebuilt(PluginInfo rebuilt, BuiltPlugin build) => _built[rebuilt.Id!] = build;

    /// <summary>
    /// Runs <c>Register</c> on its own thread and waits at most the configured budget, warning in the log while it runs
    /// long. Past the budget the plugin fails; its staged registration is abandoned by the caller, so whatever
    /// <c>Register</c> still does when it wakes up is refused and nothing of it takes effect.
    /// </summary>
    private async Task<PluginFailure?> RegisterWithinBudgetAsync(
        PluginInfo info, IPlugin plugin, PluginRegistration registration, Assembly assembly, CancellationToken cancellationToken)
    {
        var budget = options.Value.RegisterTimeout;
        var started = Stopwatch.GetTimestamp();
        var register = Task.Factory.StartNew(() => plugin.Register(registration), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (await Task.WhenAny(register, Task.Delay(options.Value.RegisterWarning, cancellationToken)) != register)
        {
            logger.LogWarning("Plugin {PluginId}: Register has been running for {Seconds:0} s; the server waits for it up to {Budget:0} s",
                info.Id, Stopwatch.GetElapsedTime(started).TotalSeconds, budget.TotalSeconds);
            var left = budget - Stopwatch.GetElapsedTime(started);
            if (left > TimeSpan.Zero && await Task.WhenAny(register, Task.Delay(left, cancellationToken)) != register)
            {
                _ = register.ContinueWith(
                    late => logger.LogWarning(late.Exception, "Plugin {PluginId}: Register ended {Seconds:0} s after it started, past its budget; nothing it registered took effect",
                        info.Id, Stopwatch.GetElapsedTime(started).TotalSeconds),
                    CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                logger.LogError("Plugin {PluginId}: Register did not return within {Budget:0} s; the plugin is marked failed", info.Id, budget.TotalSeconds);
                return PluginFailure.Failed(
                    $"Register did not return within {budget.TotalSeconds:0} s (FastCms:Plugins:RegisterTimeoutSeconds). Register must be quick: " +
                    "do slow work in a job or a hosted task, not in Register.");
            }
        }

        try
        {
            await register;
            return null;
        }
        catch (Exception e)
        {
            return PluginFailure.Failed($"Register threw {e.GetType().Name}: {e.Message}{Location(e, assembly)}");
        }
    }

    /// <summary>
    /// Takes everything the plugin registered out of effect — at once for new requests, since the mount goes off
    /// first — and returns the plugin's disabled snapshot. A request or hook already running may finish.
    /// </summary>
    public PluginInfo Withdraw(PluginInfo info)
    {
        var id = info.Id!;
        var disabled = info with { State = info.State.Disable(), RoutePrefixes = [], AdminPages = [], Jobs = [] };
        if (_mounts.TryRemove(id, out var mount))
        {
            mount.Withdraw();
        }

        Publish(disabled);
        Remove(id);
        return disabled;
    }

    // The status follows the mount at once: whoever sees the routes gone (or there) must not then read the old status.
    // At startup the catalog is filled in one go afterwards, and this does nothing.
    private PluginInfo Publish(PluginInfo info)
    {
        catalog.Replace(info);
        return info;
    }

    // The database binding stays: a request still running may need the plugin's context, and only the plugin's own
    // code (or that of a plugin depending on it, which must be disabled first) knows the context type.
    private void Remove(string id)
    {
        host.Endpoints.Remove(id);
        host.Hooks.RemoveOwner(id);
        host.AdminPages.RemoveOwner(id);
        host.Jobs.RemoveOwner(id);
        host.Settings.RemoveHandlers(id);
        host.RoutePrefixes.RemoveOwner(id);
        host.Services.GetRequiredService<DurableHandlers>().RemoveOwner(id);
        host.Services.GetRequiredService<RealtimePlugins>().RemoveOwner(id);
    }

    /// <summary>Where in the plugin's own code an exception came from, when its symbols say so.</summary>
    internal static string Location(Exception exception, Assembly assembly)
    {
        var frame = new StackTrace(exception, fNeedFileInfo: true).GetFrames()
            .FirstOrDefault(f => f.GetMethod()?.Module.Assembly == assembly && f.GetFileLineNumber() > 0);
        return frame is null ? "" : $" (at {Path.GetFileName(frame.GetFileName())}:{frame.GetFileLineNumber()})";
    }
}
