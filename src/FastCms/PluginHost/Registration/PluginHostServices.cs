using FastCms.AdminShell;
using FastCms.Data;
using FastCms.Events;
using FastCms.Jobs;
using FastCms.PluginHost.Data;
using FastCms.PluginHost.Settings;

namespace FastCms.PluginHost.Registration;

/// <summary>The host services a plugin registration writes into.</summary>
internal sealed record PluginHostServices(
    IServiceProvider Services,
    ILoggerFactory LoggerFactory,
    System.Diagnostics.Metrics.IMeterFactory MeterFactory,
    HookRegistry Hooks,
    AdminPageRegistry AdminPages,
    PluginEndpoints Endpoints,
    PluginRoutePrefixes RoutePrefixes,
    PluginSettingsStore Settings,
    PluginDatabases Databases,
    PluginSchemaUpkeep Schema,
    JobScheduler Jobs);

/// <summary>Route prefixes in use, so that no two plugins share or nest one.</summary>
internal sealed class PluginRoutePrefixes
{
    private readonly Dictionary<string, string> _owners = new(StringComparer.Ordinal);

    public void Add(string prefix, string pluginId)
    {
        lock (_owners)
        {
            _owners[prefix] = pluginId;
        }
    }

    public void RemoveOwner(string pluginId)
    {
        lock (_owners)
        {
            foreach (var prefix in _owners.Where(p => p.Value == pluginId).Select(p => p.Key).ToList())
            {
                _owners.Remove(prefix);
            }
        }
    }

    /// <summary>The plugin whose prefix equals or nests with <paramref name="prefix"/>, if any.</summary>
    public string? FindOverlap(string prefix)
    {
        lock (_owners)
        {
            return _owners.FirstOrDefault(p => Overlap(p.Key, prefix)).Value;
        }
    }

    public static bool Overlap(string a, string b) =>
        a == b || a.StartsWith(b + "/", StringComparison.Ordinal) || b.StartsWith(a + "/", StringComparison.Ordinal);
}
