namespace FastCms.Plugins.Data;

/// <summary>
/// A plugin's database, returned by <see cref="IPluginContext.UseDatabase{TContext}"/>. Route handlers can instead take
/// the context as a parameter (<c>async (NotesDb db) =&gt; …</c>); hooks and jobs use this accessor or their
/// <c>Services</c>.
/// </summary>
/// <typeparam name="TContext">The plugin's context type.</typeparam>
public interface IPluginDatabase<TContext> where TContext : PluginDbContext
{
    /// <summary>
    /// A new context; dispose it when done. Created inside a before-hook it joins the record write's transaction, so a
    /// rejected or failed write rolls back the plugin's rows too.
    /// </summary>
    /// <returns>The context.</returns>
    TContext CreateContext();

    /// <summary>
    /// Runs <paramref name="work"/> as one unit of work: a context in a transaction (the running record write's when
    /// there is one), saved and committed when <paramref name="work"/> returns, rolled back when it throws.
    /// </summary>
    /// <param name="work">The work; changes tracked by the context are saved afterwards.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <typeparam name="T">The result type.</typeparam>
    /// <returns>What <paramref name="work"/> returned.</returns>
    Task<T> WriteAsync<T>(Func<TContext, CancellationToken, Task<T>> work, CancellationToken cancellationToken = default);
}

/// <summary>An explicit, versioned change to a plugin's tables, run once inside a transaction.</summary>
/// <param name="db">
/// The plugin's context (an instance of the type given to <see cref="IPluginContext.UseDatabase{TContext}"/>), joined to
/// the migration's transaction. Use <c>db.Database.ExecuteSqlRawAsync(…)</c> and <see cref="PluginDbContext.TableOf{TEntity}"/>.
/// </param>
/// <param name="cancellationToken">Cancelled when the server stops during startup.</param>
/// <returns>A task that completes when the change is made.</returns>
public delegate Task PluginMigration(PluginDbContext db, CancellationToken cancellationToken);

/// <summary>
/// A plugin's explicit migrations. The host runs the pending ones at startup, in version order, in one transaction
/// together with the automatic schema upkeep, and records each; a migration never runs twice. On a database where the
/// plugin's tables do not exist yet they are created from the current model and the existing migrations are recorded
/// without running.
/// </summary>
public interface IPluginMigrations
{
    /// <summary>Adds a migration.</summary>
    /// <param name="version">A positive number, unique within the plugin; migrations run in ascending order.</param>
    /// <param name="description">What the migration does, for the log and the admin API.</param>
    /// <param name="up">The change.</param>
    void Add(int version, string description, PluginMigration up);
}
