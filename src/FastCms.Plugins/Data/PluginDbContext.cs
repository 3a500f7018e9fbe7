using Microsoft.EntityFrameworkCore;

namespace FastCms.Plugins.Data;

/// <summary>
/// The base of a plugin's EF Core context. Declare the plugin's entities as <see cref="DbSet{TEntity}"/> properties,
/// pass the options to the base constructor, and call <see cref="IPluginContext.UseDatabase{TContext}"/> in
/// <c>Register</c>:
/// <code>
/// public sealed class NotesDb(PluginDbOptions options) : PluginDbContext(options)
/// {
///     public DbSet&lt;Note&gt; Notes =&gt; Set&lt;Note&gt;();
/// }
/// </code>
/// Tables are named after the plugin (<c>example_plugin_notes</c>) and columns in snake_case; the host creates and
/// extends them at startup. Inside a before-hook the context joins the record write's transaction; elsewhere each
/// <see cref="SaveChangesAsync(bool, CancellationToken)"/> is a unit of work of its own.
/// </summary>
public abstract class PluginDbContext : DbContext
{
    private readonly PluginDbOptions _options;

    /// <summary>Creates the context with the options the host passes to the derived class's constructor.</summary>
    /// <param name="options">The host's options for this plugin.</param>
    protected PluginDbContext(PluginDbOptions options)
        : base(options.DbContextOptions)
    {
        _options = options;
    }

    /// <summary>The id of the plugin that owns the context.</summary>
    public string PluginId => _options.PluginId;

    /// <summary>The table an entity type is stored in, for raw SQL in migrations (<c>$"UPDATE {db.TableOf&lt;Note&gt;()} …"</c>).</summary>
    /// <typeparam name="TEntity">An entity type of this context.</typeparam>
    /// <returns>The unquoted table name, such as <c>example_plugin_notes</c>.</returns>
    public string TableOf<TEntity>() where TEntity : class =>
        Model.FindEntityType(typeof(TEntity))?.GetTableName()
        ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not an entity of {GetType().Name}.");

    /// <summary>Saves asynchronously; synchronous saves are not supported by plugin contexts.</summary>
    /// <param name="acceptAllChangesOnSuccess">Whether to accept the changes once saved.</param>
    /// <returns>Never returns.</returns>
    /// <exception cref="NotSupportedException">Always.</exception>
    public sealed override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("Plugin database contexts save asynchronously: use SaveChangesAsync.");

    /// <summary>
    /// Assigns ids and timestamps of <see cref="PluginModel"/> entities, then saves: inside the running record write
    /// when there is one (a before-hook), otherwise as a unit of work of its own.
    /// </summary>
    /// <param name="acceptAllChangesOnSuccess">Whether to accept the changes once saved.</param>
    /// <param name="cancellationToken">Cancels the save.</param>
    /// <returns>The number of rows written.</returns>
    public sealed override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        // Changes are detected once, here. The ids and timestamps below go through their entries, which the change
        // tracker sees without a second detection inside the base save.
        var detect = ChangeTracker.AutoDetectChangesEnabled;
        if (detect)
        {
            ChangeTracker.DetectChanges();
            ChangeTracker.AutoDetectChangesEnabled = false;
        }

        try
        {
            var now = _options.UtcNow();
            foreach (var entry in ChangeTracker.Entries<PluginModel>())
            {
                if (entry.State == EntityState.Added)
                {
                    var model = entry.Entity;
                    if (model.Id is not { Length: > 0 })
                    {
                        entry.Property(nameof(PluginModel.Id)).CurrentValue = _options.NewId();
                    }

                    model.Created = model.Created == default ? now : model.Created;
                    model.Updated = now;
                }
                else if (entry.State == EntityState.Modified)
                {
                    entry.Property(nameof(PluginModel.Updated)).CurrentValue = now;
                }
            }

            return await _options.SaveAsync(this, ct => base.SaveChangesAsync(acceptAllChangesOnSuccess, ct), cancellationToken);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    /// <summary>
    /// Applies the host's conventions (table prefix, snake_case names, sortable timestamps on SQLite), then
    /// <see cref="ConfigurePluginConventions"/>.
    /// </summary>
    /// <param name="configurationBuilder">The builder.</param>
    protected sealed override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Conventions.Add(_ => new PluginNamingConvention(_options.TablePrefix));
        if (_options.Provider == "sqlite")
        {
            // EF Core's own SQLite mapping of DateTimeOffset cannot be sorted or compared in SQL.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTextConverter>();
        }

        ConfigurePluginConventions(configurationBuilder);
    }

    /// <summary>Override to add conventions of your own (for example a default maximum string length).</summary>
    /// <param name="configurationBuilder">The builder.</param>
    protected virtual void ConfigurePluginConventions(ModelConfigurationBuilder configurationBuilder)
    {
    }
}
