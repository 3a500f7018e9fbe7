using Microsoft.EntityFrameworkCore;

namespace FastCms.Plugins.Data;

/// <summary>
/// What the host hands to a plugin's <see cref="PluginDbContext"/> constructor: the EF Core options (the connection,
/// and the running transaction when the context is created inside one) and the host services the context relies on.
/// The host creates these; a plugin only passes them on to the base constructor.
/// </summary>
public abstract class PluginDbOptions
{
    /// <summary>Creates the options. Called by the host.</summary>
    /// <param name="options">EF Core options with the provider and connection configured.</param>
    /// <param name="pluginId">The id of the plugin that owns the context.</param>
    /// <param name="provider"><c>sqlite</c> or <c>postgres</c>.</param>
    protected PluginDbOptions(DbContextOptions options, string pluginId, string provider)
    {
        DbContextOptions = options;
        PluginId = pluginId;
        Provider = provider;
    }

    /// <summary>The EF Core options.</summary>
    public DbContextOptions DbContextOptions { get; }

    /// <summary>The id of the plugin that owns the context.</summary>
    public string PluginId { get; }

    /// <summary>The database in use: <c>sqlite</c> or <c>postgres</c>.</summary>
    public string Provider { get; }

    /// <summary>What every table name of the plugin starts with: the plugin id with <c>-</c> replaced by <c>_</c>, then <c>_</c>.</summary>
    public string TablePrefix => PluginId.Replace('-', '_') + "_";

    /// <summary>A new random id for a <see cref="PluginModel"/>.</summary>
    /// <returns>15 characters from <c>[a-z0-9]</c>.</returns>
    protected internal abstract string NewId();

    /// <summary>The current time (UTC), from the host's clock.</summary>
    /// <returns>Now.</returns>
    protected internal abstract DateTimeOffset UtcNow();

    /// <summary>
    /// Runs <paramref name="save"/> as a unit of work of the host: inside the running record write when there is one,
    /// otherwise queued with the host's other writers.
    /// </summary>
    /// <param name="context">The context being saved.</param>
    /// <param name="save">EF Core's own save.</param>
    /// <param name="cancellationToken">Cancels the save.</param>
    /// <returns>The number of rows written.</returns>
    protected internal abstract Task<int> SaveAsync(PluginDbContext context, Func<CancellationToken, Task<int>> save, CancellationToken cancellationToken);
}
