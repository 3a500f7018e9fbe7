namespace FastCms.PluginHost;

/// <summary>
/// Puts plugins in registration order: a plugin after the plugins it depends on, otherwise by folder name.
/// Plugins whose dependencies are missing, out of range, disabled, inactive or cyclic are failed with the reason.
/// </summary>
internal static class PluginOrdering
{
    /// <param name="candidates">Plugins that passed validation, in folder order.</param>
    /// <param name="all">Every discovered plugin, to tell "not installed" from "not active".</param>
    public static List<PluginInfo> Order(IReadOnlyList<PluginInfo> candidates, IReadOnlyList<PluginInfo> all)
    {
        var byId = candidates.ToDictionary(p => p.Id!, StringComparer.Ordinal);
        foreach (var plugin in candidates)
        {
            foreach (var dependency in plugin.Meta!.Dependencies)
            {
                if (!byId.TryGetValue(dependency.Id, out var target))
                {
                    var present = all.FirstOrDefault(p => p.Id == dependency.Id);
                    plugin.Fail(PluginStatus.Failed, present switch
                    {
                        null => $"Depends on plugin '{dependency.Id}', which is not installed.",
                        { Status: PluginStatus.Disabled } => $"Depends on plugin '{dependency.Id}', which is disabled.",
                        _ => $"Depends on plugin '{dependency.Id}', which is not active ({present.Status.ToApiName()}).",
                    });
                    break;
                }

                if (!PluginValidator.Satisfies(target.Meta!.Version, dependency.VersionRange))
                {
                    plugin.Fail(PluginStatus.Failed,
                        $"Depends on plugin '{dependency.Id}' {dependency.VersionRange}, but version {target.Meta.Version} is installed.");
                    break;
                }
            }
        }

        FailCycles(candidates, byId);

        var ordered = new List<PluginInfo>();
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var pending = candidates.Where(p => p.Status == PluginStatus.Active).ToList();
        while (pending.Count > 0)
        {
            // The first plugin (by folder) whose dependencies are all placed; failures propagate to dependants.
            var next = pending.FirstOrDefault(p => p.Meta!.Dependencies.All(d => placed.Contains(d.Id)));
            if (next is null)
            {
                var blocked = pending[0];
                var missing = blocked.Meta!.Dependencies.First(d => !placed.Contains(d.Id));
                blocked.Fail(PluginStatus.Failed, $"Depends on plugin '{missing.Id}', which is not active.");
                pending.Remove(blocked);
                continue;
            }

            pending.Remove(next);
            ordered.Add(next);
            placed.Add(next.Id!);
        }

        return ordered;
    }

    private static void FailCycles(IReadOnlyList<PluginInfo> candidates, Dictionary<string, PluginInfo> byId)
    {
        foreach (var start in candidates)
        {
            var path = new List<string>();
            if (start.Status == PluginStatus.Active && FindCycle(start.Id!, start.Id!, byId, path, []))
            {
                var cycle = string.Join(" → ", path.Prepend(start.Id!));
                foreach (var id in path)
                {
                    byId[id].Fail(PluginStatus.Failed, $"Dependency cycle: {cycle}.");
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
