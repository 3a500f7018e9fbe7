using FastCms.PluginHost.Data;
using FastCms.Plugins.Data;

namespace FastCms.PluginHost.Registration;

/// <summary>The migrations a plugin declares in <c>Register</c>, run when its registration commits.</summary>
internal sealed class StagedMigrations(Action ensureOpen) : IPluginMigrations
{
    private readonly List<PluginMigrationEntry> _entries = [];

    public IReadOnlyList<PluginMigrationEntry> Entries => _entries;

    public void Add(int version, string description, PluginMigration up)
    {
        ensureOpen();
        ArgumentNullException.ThrowIfNull(up);
        if (version < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(version), version, "Migration versions are positive numbers.");
        }

        if (_entries.Any(e => e.Version == version))
        {
            throw new InvalidOperationException($"Migration version {version} is declared twice.");
        }

        _entries.Add(new PluginMigrationEntry(version, string.IsNullOrWhiteSpace(description) ? $"Migration {version}" : description, up));
    }
}
