using System.Collections.Concurrent;
using FastCms.Plugins.Data;
using Microsoft.EntityFrameworkCore.Internal;

namespace FastCms.Data;

// EF Core's own pool (PooledDbContextFactory) only builds contexts whose constructor takes DbContextOptions, while a
// plugin's context takes PluginDbOptions; its pooling contract (IDbContextPool, DbContextLease) is public but marked
// internal, so it is used here, in this one file, with the EF Core version pinned centrally.
#pragma warning disable EF1001

/// <summary>
/// Reused instances of one plugin's context type. A new context costs more than the query or insert it usually runs
/// (EF Core builds its internal services per instance); a pooled one keeps them. Disposing the context returns it, with
/// its change tracker, transaction and connection reset by EF Core, and it is handed out again only by
/// <see cref="Lease"/>, which gives it the connection of the new use. Contexts never cross plugins: each context type
/// has its pool, and the options (plugin id, table prefix) are fixed per pool.
/// </summary>
internal sealed class PluginContextPool(PluginDatabaseBinding binding, PluginDbOptions options) : IDbContextPool
{
    // Enough for every concurrent request of a busy instance; more contexts are created when needed and disposed on return.
    internal const int MaxSize = 64;

    private readonly ConcurrentQueue<IDbContextPoolable> _idle = new();
    private int _count;
    private volatile bool _closed;

    public PluginDatabaseBinding Binding => binding;

    /// <summary>Contexts waiting to be leased again.</summary>
    public int IdleCount => _idle.Count;

    /// <summary>A context of this pool, returned to it when disposed.</summary>
    public PluginDbContext Lease()
    {
        var lease = new DbContextLease(this, standalone: true);
        lease.Context.SetLease(lease);
        return (PluginDbContext)lease.Context;
    }

    public IDbContextPoolable Rent()
    {
        if (_idle.TryDequeue(out var context))
        {
            Interlocked.Decrement(ref _count);
            return context;
        }

        context = binding.Factory(options);
        context.SnapshotConfiguration();
        return context;
    }

    public void Return(IDbContextPoolable context)
    {
        if (Keep())
        {
            context.ResetState();
            _idle.Enqueue(context);
            return;
        }

        context.ResetState();
        context.ClearLease();
        context.Dispose();
    }

    public async ValueTask ReturnAsync(IDbContextPoolable context, CancellationToken cancellationToken = default)
    {
        if (Keep())
        {
            await context.ResetStateAsync(cancellationToken);
            _idle.Enqueue(context);
            return;
        }

        await context.ResetStateAsync(cancellationToken);
        context.ClearLease();
        await context.DisposeAsync();
    }

    /// <summary>Disposes the idle contexts; contexts still leased are disposed when they come back.</summary>
    public void Close()
    {
        _closed = true;
        while (_idle.TryDequeue(out var context))
        {
            context.ClearLease();
            context.Dispose();
        }
    }

    private bool Keep()
    {
        if (_closed)
        {
            return false;
        }

        if (Interlocked.Increment(ref _count) <= MaxSize)
        {
            return true;
        }

        Interlocked.Decrement(ref _count);
        return false;
    }
}
