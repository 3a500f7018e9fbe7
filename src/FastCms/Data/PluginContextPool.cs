using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using FastCms.Plugins.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Internal;
using Microsoft.EntityFrameworkCore.Storage;

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
internal sealed class PluginContextPool(PluginDatabaseBinding binding, PluginDbOptions options, Database database) : IDbContextPool
{
    // Enough for every concurrent request of a busy instance; more contexts are created when needed and disposed on return.
    internal const int MaxSize = 64;

    // EF Core gives a transaction a context joins or leaves a new Guid, which reads the kernel's random source (a system
    // call, inside SQLite's writer turn in a before-hook). The id only names the transaction in EF Core's logs, so ids
    // from a counter under one random prefix per process serve as well.
    private static readonly long TransactionIdPrefix = Random.Shared.NextInt64();
    private static long _transactionIds;

    private readonly ConcurrentQueue<IDbContextPoolable> _idle = new();

    // Each context's connection service, kept from its creation: a context coming back is already marked disposed.
    private readonly ConditionalWeakTable<IDbContextPoolable, IRelationalConnection> _connections = new();

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

        var created = binding.Factory(options);
        ((IDbContextPoolable)created).SnapshotConfiguration();
        _connections.Add(created, created.GetService<IRelationalConnection>());
        return created;
    }

    /// <summary>An id for a transaction a context joins, unique in this process.</summary>
    public static Guid NextTransactionId()
    {
        Span<byte> id = stackalloc byte[16];
        BinaryPrimitives.WriteInt64LittleEndian(id, TransactionIdPrefix);
        BinaryPrimitives.WriteInt64LittleEndian(id[8..], Interlocked.Increment(ref _transactionIds));
        return new Guid(id);
    }

    public void Return(IDbContextPoolable context)
    {
        LeaveWriteTransaction(context);
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
        LeaveWriteTransaction(context);
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

    /// <summary>
    /// Lets go of the running write's transaction, which the context joined in a before-hook, before EF Core resets the
    /// context: EF Core would leave it the same way, with a new Guid. A transaction the context began itself is left
    /// to EF Core, which rolls it back.
    /// </summary>
    private void LeaveWriteTransaction(IDbContextPoolable context)
    {
        if (_connections.TryGetValue(context, out var connection) && connection.CurrentTransaction is { } current
            && database.CurrentSession is { } session && ReferenceEquals(current.GetDbTransaction(), session.Transaction))
        {
            connection.UseTransaction(null, Guid.Empty);
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
