using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using FastCms.PluginHost.Lifecycle;
using FastCms.PluginHost.Loading;
using FastCms.PluginHost.Settings;
using FastCms.Realtime;
using FastCms.Plugins;

namespace FastCms.PluginHost.Registration;

/// <summary>
/// Registers one plugin into the host and withdraws it again — the same steps at startup and when an admin enables or
/// disables it. Registration is all or nothing: <c>Register</c> fills a staged <see cref="PluginRegistration"/> that takes
/// effect only once committed (its tables brought up to date). Withdrawal turns the registration's
/// <see cref="PluginMount"/> off, then removes its routes, hooks, jobs, admin pages, settings handlers and route
/// prefixes; the plugin's settings, settings schema, tables and data stay.
/// </summary>
internal sealed class PluginActivator(PluginHostServices host, PluginCatalog catalog, ILogger<PluginActivator> logger)
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
        try
        {
            plugin.Register(registration);
        }
        catch (Exception e)
        {
            registration.Abandon();
            return info.Failed(PluginFailure.Failed($"Register threw {e.GetType().Name}: {e.Message}{Location(e, built.Assembly)}"));
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
