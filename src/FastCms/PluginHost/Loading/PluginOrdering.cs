using FastCms.PluginHost.Lifecycle;

namespace FastCms.PluginHost.Loading;

/// <summary>The registration order, and the plugins (by id) that cannot be registered with the reason.</summary>
internal sealed record PluginOrder(IReadOnlyList<PluginInfo> Ordered, IReadOnlyDictionary<string, PluginFailure> Failures);

/// <summary>
/// Puts plugins in registration order: a plugin after the plugins it depends on, otherwise by folder name.
/// Plugins whose dependencies are missing, out of range, disabled, inactive or cyclic are failed with the reason.
/// </summary>
internal static class PluginOrdering
{
    /// <param name="candidates">Plugins that passed validation, in folder order.</param>
    /// <param name="all">Every discovered plugin, to tell "not installed" from "not active".</param>
    public static PluginOrder Order(IReadOnlyList<PluginInfo> candidates, IReadOnlyList<PluginInfo> all)
    {
        var byId = candidates.ToDictionary(p => p.Id!, StringComparer.Ordinal);
        // A later problem replaces an earlier one for the same plugin: the cycle is the more useful message.
        var failures = new Dictionary<string, PluginFailure>(StringComparer.Ordinal);
        foreach (var plugin in candidates)
        {
            foreach (var dependency in plugin.Meta!.Dependencies)
            {
                if (!byId.TryGetValue(dependency.Id, out var target))
                {
                    var present = all.FirstOrDefault(p => p.Id == dependency.Id);
                    failures[plugin.Id!] = PluginFailure.Failed(present switch
                    {
                        null => $"Depends on plugin '{dependency.Id}', which is not installed.",
                        { Status: PluginStatus.Disabled } => $"Depends on plugin '{dependency.Id}', which is disabled.",
                        _ => $"Depends on plugin '{dependency.Id}', which is not active ({present.Status.ToApiName()}).",
                    });
                    break;
                }

                if (!PluginValidator.Satisfies(target.Meta!.Version, dependency.VersionRange))
                {
                    failures[plugin.Id!] = PluginFailure.Failed(
                        $"Depends on plugin '{dependency.Id}' {dependency.VersionRange}, but version {target.Meta.Version} is installed.");
                    break;
                }
            }
        }

        FailCycles(candidates, byId, failures);

        var ordered = new List<PluginInfo>();
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var pending = candidates.Where(p => !failures.ContainsKey(p.Id!)).ToList();
        while (pending.Count > 0)
        {
            // The first plugin (by folder) whose dependencies are all placed; failures propagate to dependants.
            var next = pending.FirstOrDefault(p => p.Meta!.Dependencies.All(d => placed.Contains(d.Id)));
            if (next is null)
            {
                var blocked = pending[0];
                var missing = blocked.Meta!.Dependencies.First(d => !placed.Contains(d.Id));
                failures[blocked.Id!] = PluginFailure.Failed($"Depends on plugin '{missing.Id}', which is not active.");
                pending.Remove(blocked);
                continue;
            }

            pending.Remove(next);
            ordered.Add(next);
            placed.Add(next.Id!);
        }

        return new PluginOrder(ordered, failures);
    }

    private static void FailCycles(IReadOnlyList<PluginInfo> candidates, Dictionary<string, PluginInfo> byId, Dictionary<string, PluginFailure> failures)
    {
        foreach (var start in candidates)
        {
            var path = new List<string>();
            if (!failures.ContainsKey(start.Id!) && FindCycle(start.Id!, start.Id!, byId, path, []))
            {
                var cycle = string.Join(" → ", path.Prepend(start.Id!));
                foreach (var id in path)
                {
                    failures[id] = PluginFailure.Failed($"Dependency cycle: {cycle}.");
                }
            }
        }
    }

    private static bool FindCycle(string origin, string current, Dictionary<string, PluginInfo> byId, List<string> path, HashSet<string> seen)
    {
        if (!byId.TryGetValue(current, out var plugin) || !seen.Add(current))
        {
            return false;
        }

        foreach (var dependency in plugin.Meta!.Dependencies)
        {
            path.Add(dependency.Id);
            if (dependency.Id == origin || FindCycle(origin, dependency.Id, byId, path, seen))
            {
                return true;
            }

            path.RemoveAt(path.Count - 1);
        }

        return false;
    }
}
