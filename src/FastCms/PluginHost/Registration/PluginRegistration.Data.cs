using FastCms.Data;
using FastCms.Plugins;
using FastCms.Plugins.Data;

namespace FastCms.PluginHost.Registration;

internal sealed partial class PluginRegistration
{
    private readonly StagedMigrations _migrations;
    private PluginDatabaseBinding? _database;

    public IPluginMigrations Migrations => _migrations;

    public IRecordFiles Files => _host.Services.GetRequiredService<IRecordFiles>();

    public IPluginDatabase<TContext> UseDatabase<TContext>() where TContext : PluginDbContext
    {
        EnsureOpen();
        if (_database is not null)
        {
            throw new InvalidOperationException(
                $"The database is already declared as {_database.ContextType.Name}; a plugin has one context type (put every entity in it).");
        }

        _database = PluginDatabaseBinding.For(PluginId, typeof(TContext));
        return new PluginDatabase<TContext>(_database, _host.Databases);
    }
}
