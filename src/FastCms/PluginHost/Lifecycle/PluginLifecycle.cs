using FastCms.PluginHost.Loading;
using FastCms.PluginHost.Registration;

namespace FastCms.PluginHost.Lifecycle;

internal enum PluginChangeOutcome
{
    /// <summary>The plugin now has the requested state.</summary>
    Changed,

    /// <summary>It already had it; nothing was done.</summary>
    Unchanged,

    NotFound,

    /// <summary>The change was not made (dependencies, or a plugin that never built); <c>Problem</c> says why.</summary>
    Refused,

    /// <summary>Enabling was attempted and failed (<c>Register</c> threw, its tables could not be updated); the plugin is <c>failed</c>.</summary>
    Failed,
}

internal sealed record PluginChange(PluginChangeOutcome Outcome, PluginInfo? Plugin, string? Problem = null);

/// <summary>
/// Enabling and disabling plugins while the server runs. The admin's choice is stored in <c>plugin_states</c> (so a
/// restart keeps it, and other instances on a shared PostgreSQL database pick it up in <see cref="RefreshAsync"/>),
/// then applied here through the <see cref="PluginActivator"/>. Changes are serialised: one at a time, on every plugin.
/// </summary>
internal sealed class PluginLifecycle(PluginCatalog catalog, PluginActivator activator, PluginStateStore states, ILogger<PluginLifecycle> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Dictionary<string, bool> _seen = new(StringComparer.Ordinal);

    /// <summary>The stored choices as read at startup, so that a refresh applies only later changes.</summary>
    public void Remember(Dictionary<string, bool> stored) => _seen = new Dictionary<string, bool>(stored, StringComparer.Ordinal);

    /// <param name="actor">The admin's user id, stored with the choice.</param>
    public Task<PluginChange> EnableAsync(string id, string? actor, CancellationToken cancellationToken) =>
        ChangeAsync(id, enable: true, actor, cancellationToken);

    public Task<PluginChange> DisableAsync(string id, string? actor, CancellationToken cancellationToken) =>
        ChangeAsync(id, enable: false, actor, cancellationToken);

    /// <summary>
    /// Applies the choices other instances stored since the last look. Disables and enables are retried in passes so
    /// that dependencies come out right whatever their order; what still cannot be applied is logged.
    /// </summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Read under the gate: a choice made here meanwhile must not be undone by an older reading.
            var stored = await states.ReadAsync(cancellationToken);
            var pending = stored.Where(s => _seen.GetValueOrDefault(s.Key, true) != s.Value).ToList();
            _seen = stored;
            var refusals = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var progress = true; pending.Count > 0 && progress;)
            {
                progress = false;
                foreach (var (id, enable) in pending.ToList())
                {
                    var change = await ApplyAsync(id, enable, persist: false, actor: null);
                    if (change.Outcome == PluginChangeOutcome.Refused)
                    {
                        refusals[id] = change.Problem!;
                        continue;
                    }

                    pending.Remove(new(id, enable));
                    progress = true;
                    if (change.Outcome == PluginChangeOutcome.Changed)
                    {
                        logger.LogInformation("Plugin {PluginId} {Change} on another instance", id, enable ? "enabled" : "disabled");
                    }
                    else if (change.Outcome == PluginChangeOutcome.Failed)
                    {
                        logger.LogError("Plugin {PluginId} was enabled on another instance and failed here: {Problem}", id, change.Problem);
                    }
                }
            }

            foreach (var (id, _) in pending)
            {
                logger.LogWarning("Plugin {PluginId} was switched on another instance but not here: {Problem}", id, refusals[id]);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs <paramref name="change"/> alone, like an enable or disable (hot reloads use it).</summary>
    public async Task<T> ExclusiveAsync<T>(Func<Task<T>> change, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await change();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<PluginChange> ChangeAsync(string id, bool enable, string? actor, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var change = await ApplyAsync(id, enable, persist: true, actor);
            if (change.Outcome is PluginChangeOutcome.Changed or PluginChangeOutcome.Failed)
            {
                logger.LogInformation("Plugin {PluginId} {Change} by {Actor}{Problem}", id, enable ? "enabled" : "disabled", actor,
                    change.Problem is null ? "" : $"; it failed: {change.Problem}");
            }

            return change;
        }
        finally
        {
            _gate.Release();
        }
    }

    // Runs under the gate and, once the checks passed, to the end: a caller going away must not leave half a change.
    private async Task<PluginChange> ApplyAsync(string id, bool enable, bool persist, string? actor)
    {
        if (catalog.Find(id) is not { } plugin)
        {
            return new(PluginChangeOutcome.NotFound, null, $"Plugin '{id}' not found.");
        }

        var target = enable ? PluginStatus.Active : PluginStatus.Disabled;
        if (plugin.Status == target)
        {
            return new(PluginChangeOutcome.Unchanged, plugin);
        }

        if ((enable ? EnableProblem(plugin) : DisableProblem(plugin)) is { } problem)
        {
            return new(PluginChangeOutcome.Refused, plugin, problem);
        }

        if (persist)
        {
            await states.SaveAsync(plugin.Id!, enable, actor, CancellationToken.None);
            _seen[plugin.Id!] = enable;
        }

        var changed = enable ? await activator.ActivateAsync(plugin, instance: null, CancellationToken.None) : activator.Withdraw(plugin);
        return changed.Status == target
            ? new(PluginChangeOutcome.Changed, changed)
            : new(PluginChangeOutcome.Failed, changed, $"Plugin '{id}' could not be enabled: {changed.Error}");
    }

    private string? EnableProblem(PluginInfo plugin)
    {
        if (!activator.IsBuilt(plugin))
        {
            return $"Plugin '{Name(plugin)}' cannot be enabled: it is {plugin.Status.ToApiName()} ({plugin.Error}). Fix it and restart the server.";
        }

        foreach (var dependency in plugin.Meta!.Dependencies)
        {
            var target = catalog.Plugins.FirstOrDefault(p => p.Id == dependency.Id && p.Status == PluginStatus.Active)
                ?? catalog.Plugins.FirstOrDefault(p => p.Id == dependency.Id);
            var reason = target switch
            {
                null => $"it depends on plugin '{dependency.Id}', which is not installed",
                { Status: PluginStatus.Disabled } => $"it depends on plugin '{dependency.Id}', which is disabled; enable it first",
                { Status: not PluginStatus.Active } => $"it depends on plugin '{dependency.Id}', which is not active ({target.Status.ToApiName()})",
                _ when !PluginValidator.Satisfies(target.Meta!.Version, dependency.VersionRange) =>
                    $"it depends on plugin '{dependency.Id}' {dependency.VersionRange}, but version {target.Meta.Version} is installed",
                _ => null,
            };
            if (reason is not null)
            {
                return $"Plugin '{plugin.Id}' cannot be enabled: {reason}.";
            }
        }

        return null;
    }

    private string? DisableProblem(PluginInfo plugin)
    {
        if (!activator.IsBuilt(plugin))
        {
            return $"Plugin '{Name(plugin)}' cannot be disabled: it is {plugin.Status.ToApiName()} ({plugin.Error}) and was never registered.";
        }

        var dependents = catalog.Plugins
            .Where(p => p.Status == PluginStatus.Active && p.Meta!.Dependencies.Any(d => d.Id == plugin.Id))
            .Select(p => $"'{p.Id}'")
            .ToList();
        return dependents.Count == 0
            ? null
            : $"Plugin '{plugin.Id}' cannot be disabled: active plugins depend on it: {string.Join(", ", dependents)}. Disable them first.";
    }

    private static string Name(PluginInfo plugin) => plugin.Id ?? plugin.Folder;
}
