using System.Collections.Concurrent;
using System.Data.Common;
using System.Reflection;
using FastCms.Plugins.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace FastCms.Data;

/// <summary>
/// The database context types of the active plugins, and how their instances are made: leased from a pool per context
/// type, then put on the running write's connection and transaction when there is one on this call path (a
/// before-hook), otherwise on a connection of their own whose saves queue with the host's writers.
/// </summary>
internal sealed class PluginDatabases(Database database, TimeProvider clock, ILoggerFactory loggerFactory)
{
    private readonly ConcurrentDictionary<Type, PluginDatabaseBinding> _bindings = new();
    private readonly ConcurrentDictionary<Type, PluginContextPool> _pools = new();

    public Database Database => database;

    public TimeProvider Clock => clock;

    public string ProviderName => database.Provider == DatabaseProvider.Postgres ? "postgres" : "sqlite";

    public void Add(PluginDatabaseBinding binding) => _bindings[binding.ContextType] = binding;

    public void RemoveOwner(string pluginId)
    {
        foreach (var binding in _bindings.Values.Where(b => b.PluginId == pluginId))
        {
            _bindings.TryRemove(binding.ContextType, out _);
            if (_pools.TryRemove(binding.ContextType, out var pool))
            {
                pool.Close();
            }
        }
    }

    public PluginDatabaseBinding? Find(Type contextType) => _bindings.GetValueOrDefault(contextType);

    public PluginDbContext Create(PluginDatabaseBinding binding)
    {
        var context = Pool(binding).Lease();
        var session = database.CurrentSession;
        try
        {
            context.Database.SetDbConnection(session?.Connection ?? database.CreateConnection(), contextOwnsConnection: session is null);
            if (session is not null)
            {
                context.Database.UseTransaction(session.Transaction, PluginContextPool.NextTransactionId());
            }
        }
        catch (InvalidOperationException)
        {
            // Its last user left the connection open, and EF Core refuses to swap an open connection: the context is
            // left to the garbage collector (disposing it would return it to the pool) and a new one takes its place.
            return Fresh(binding, session);
        }

        return context;
    }

    /// <summary>The pool of <paramref name="binding"/>'s context type.</summary>
    internal PluginContextPool Pool(PluginDatabaseBinding binding)
    {
        var pool = _pools.GetOrAdd(binding.ContextType, static (_, state) => state.Host.NewPool(state.Binding), (Host: this, Binding: binding));
        if (ReferenceEquals(pool.Binding, binding))
        {
            return pool;
        }

        // The plugin registered again (enabled after being disabled): its contexts start from the new binding.
        var replacement = NewPool(binding);
        _pools[binding.ContextType] = replacement;
        pool.Close();
        return replacement;
    }

    private PluginContextPool NewPool(PluginDatabaseBinding binding) => new(binding, NewOptions(binding, null, false), database);

    // An unpooled context on the given connection: what every context was before pooling, kept for the rare context
    // that cannot be reused.
    private PluginDbContext Fresh(PluginDatabaseBinding binding, DbSession? session)
    {
        var connection = session?.Connection ?? database.CreateConnection();
        var context = binding.Factory(NewOptions(binding, connection, session is null));
        if (session is not null)
        {
            context.Database.UseTransaction(session.Transaction, PluginContextPool.NextTransactionId());
        }

        return context;
    }

    private HostPluginDbOptions NewOptions(PluginDatabaseBinding binding, DbConnection? connection, bool ownsConnection)
    {
        var builder = new DbContextOptionsBuilder().UseLoggerFactory(loggerFactory);
        if (database.Provider == DatabaseProvider.Postgres)
        {
            _ = connection is null ? builder.UseNpgsql() : builder.UseNpgsql(connection, contextOwnsConnection: ownsConnection);
        }
        else
        {
            _ = connection is null ? builder.UseSqlite() : builder.UseSqlite(connection, contextOwnsConnection: ownsConnection);
        }

        return new HostPluginDbOptions(builder.Options, binding.PluginId, ProviderName, this);
    }

    private sealed class HostPluginDbOptions(DbContextOptions options, string pluginId, string provider, PluginDatabases host)
        : PluginDbOptions(options, pluginId, provider)
    {
        protected override string NewId() => RandomId.New();

        protected override DateTimeOffset UtcNow() => host.Clock.GetUtcNow();

        protected override Task<int> SaveAsync(PluginDbContext context, Func<CancellationToken, Task<int>> save, CancellationToken cancellationToken)
        {
            if (context.Database.CurrentTransaction is not null)
            {
                return host.Database.Provider == DatabaseProvider.Sqlite && IsOneStatement(context)
                    ? SaveWithoutSavepointAsync(context.Database, save, cancellationToken)
                    : save(cancellationToken);
            }

            if (host.Database.CurrentSession is not null)
            {
                throw new InvalidOperationException(
                    $"This {context.GetType().Name} was created outside the running record write, so it cannot save inside it. " +
                    "Create the context inside the hook (IPluginDatabase.CreateContext() or change.Services) to join the write's transaction.");
            }

            return host.Database.ExclusiveAsync(save, cancellationToken);
        }

        /// <summary>Whether the save writes one row of one table: one changed entry, mapped to a single table.</summary>
        private static bool IsOneStatement(PluginDbContext context)
        {
            var changed = 0;
            foreach (var entry in context.ChangeTracker.Entries())
            {
                if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
                    && (++changed > 1 || entry.Metadata.GetTableMappings().Count() != 1))
                {
                    return false;
                }
            }

            return changed == 1;
        }

        /// <summary>
        /// Saves one statement inside the record write without EF Core's savepoint around it. SQLite undoes a failed
        /// statement by itself and keeps the transaction, which is all the savepoint would do here; its two extra
        /// statements were about a sixth of a one-row save in the write turn.
        /// </summary>
        private static async Task<int> SaveWithoutSavepointAsync(
            DatabaseFacade database, Func<CancellationToken, Task<int>> save, CancellationToken cancellationToken)
        {
            var savepoints = database.AutoSavepointsEnabled;
            database.AutoSavepointsEnabled = false;
            try
            {
                return await save(cancellationToken);
            }
            finally
            {
                database.AutoSavepointsEnabled = savepoints;
            }
        }
    }
}

/// <summary>A plugin's context type and its constructor.</summary>
internal sealed class PluginDatabaseBinding
{
    private PluginDatabaseBinding(string pluginId, Type contextType, Func<PluginDbOptions, PluginDbContext> factory)
    {
        PluginId = pluginId;
        ContextType = contextType;
        Factory = factory;
    }

    public string PluginId { get; }

    public Type ContextType { get; }

    public Func<PluginDbOptions, PluginDbContext> Factory { get; }

    /// <summary>Checks that <paramref name="contextType"/> can be created by the host, or throws with what to change.</summary>
    public static PluginDatabaseBinding For(string pluginId, Type contextType)
    {
        if (contextType.IsAbstract || contextType.IsGenericTypeDefinition)
        {
            throw new ArgumentException($"{contextType.Name} must be a concrete class.");
        }

        var constructor = contextType.GetConstructor([typeof(PluginDbOptions)])
            ?? throw new ArgumentException(
                $"{contextType.Name} needs a public constructor taking PluginDbOptions: " +
                $"public sealed class {contextType.Name}(PluginDbOptions options) : PluginDbContext(options).");
        return new PluginDatabaseBinding(pluginId, contextType,
            options => (PluginDbContext)constructor.Invoke(BindingFlags.DoNotWrapExceptions, null, [options], null));
    }

    /// <summary>For a plugin that has migrations but no model: a context with no entities, to run raw SQL on.</summary>
    public static PluginDatabaseBinding Empty(string pluginId) =>
        new(pluginId, typeof(EmptyPluginDbContext), options => new EmptyPluginDbContext(options));

    private sealed class EmptyPluginDbContext(PluginDbOptions options) : PluginDbContext(options);
}

/// <summary>The <see cref="IPluginDatabase{TContext}"/> a plugin receives.</summary>
internal sealed class PluginDatabase<TContext>(PluginDatabaseBinding binding, PluginDatabases host) : IPluginDatabase<TContext>
    where TContext : PluginDbContext
{
    public TContext CreateContext() => (TContext)host.Create(binding);

    public Task<T> WriteAsync<T>(Func<TContext, CancellationToken, Task<T>> work, CancellationToken cancellationToken = default) =>
        host.Database.WriteAsync(async _ =>
        {
            await using var context = CreateContext();
            var result = await work(context, cancellationToken);
            await context.SaveChangesAsync(cancellationToken);
            return result;
        }, cancellationToken);
}
