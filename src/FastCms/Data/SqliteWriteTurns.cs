using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace FastCms.Data;

/// <summary>
/// SQLite's one writer at a time, as a queue of turns. A writer that finishes while others wait may pass its still open
/// transaction to the next one instead of committing (group commit): the next writer runs inside a savepoint of that
/// transaction, and the last of the group commits for all of them. On SQLite the commit (writing every changed page to the
/// log) costs more than a small write itself, so a busy server commits once per group instead of once per write.
/// Only writers that ask for it join a group; every other writer gets a transaction of its own, as before.
/// </summary>
internal sealed class SqliteWriteTurns
{
    // Bounds how long the first writer of a group waits for its commit behind the writes that joined it.
    private const int MaxGroupSize = 32;

    private static readonly Task<WriteGroup?> OwnTurn = Task.FromResult<WriteGroup?>(null);

    private readonly object _lock = new();
    private readonly LinkedList<Waiter> _waiting = new();
    private bool _taken;

    /// <summary>
    /// Runs <paramref name="work"/> in its turn: in a transaction of its own, or, when <paramref name="joinable"/> and handed
    /// an open group, inside a savepoint of that group's transaction. Returns once the work's changes have committed.
    /// </summary>
    public async Task<T> WriteAsync<T>(
        Func<CancellationToken, ValueTask<DbConnection>> open, SqlDialect dialect, Func<DbSession, Task<T>> work, bool joinable, CancellationToken cancellationToken)
    {
        var group = await TakeAsync(joinable, cancellationToken);
        var first = group is null;
        if (group is null)
        {
            DbConnection? connection = null;
            try
            {
                connection = await open(cancellationToken);
                group = new WriteGroup(connection, await connection.BeginTransactionAsync(cancellationToken));
            }
            catch
            {
                if (connection is not null)
                {
                    await connection.DisposeAsync();
                }

                Release();
                throw;
            }
        }
        else
        {
            group.Joined();
        }

        var session = new DbSession(group.Connection, group.Transaction, dialect);
        var result = default(T)!;
        ExceptionDispatchInfo? failure = null;
        Task? committed = null;
        try
        {
            if (!first)
            {
                await group.Transaction.SaveAsync(WriteGroup.Savepoint, cancellationToken);
            }

            DbSession.Ambient.Value = session;
            result = await work(session);
            await session.RunBeforeCommitAsync(cancellationToken);
            DbSession.Ambient.Value = null;
            if (!first)
            {
                await group.Transaction.ReleaseAsync(WriteGroup.Savepoint, cancellationToken);
            }

            committed = group.Add(session);
        }
        catch (Exception e)
        {
            DbSession.Ambient.Value = null;
            failure = ExceptionDispatchInfo.Capture(e);
            group.Broken ??= first ? e : await UndoAsync(group);
        }

        // Passed on, the group is the next writer's to finish; otherwise this writer commits it and ends the turn.
        if (!joinable || group.Broken is not null || !TryPass(group))
        {
            try
            {
                await group.FinishAsync();
            }
            finally
            {
                await group.DisposeAsync();
                Release();
            }
        }

        if (!first)
        {
            // A joining writer ran on the stack of the writer that passed it the group (see TryPass); what follows its
            // turn (its answer) runs on a thread of its own, so the stack unwinds and the writers before it return.
            await Task.Yield();
        }

        failure?.Throw();
        await committed!;
        return result;
    }

    // Takes back a failed write's changes inside the group; returns the error when that is no longer possible.
    private static async Task<Exception?> UndoAsync(WriteGroup group)
    {
        try
        {
            await group.Transaction.RollbackAsync(WriteGroup.Savepoint, CancellationToken.None);
            await group.Transaction.ReleaseAsync(WriteGroup.Savepoint, CancellationToken.None);
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    /// <summary>Waits for a turn: <c>null</c> is a turn of one's own (begin a transaction), a group is one to join.</summary>
    public Task<WriteGroup?> TakeAsync(bool joinable, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_taken)
            {
                _taken = true;
                return OwnTurn;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var waiter = new Waiter(this, joinable);
            waiter.Node = _waiting.AddLast(waiter);
            if (cancellationToken.CanBeCanceled)
            {
                waiter.Cancellation = cancellationToken.UnsafeRegister(static (state, token) => ((Waiter)state!).Abandon(token), waiter);
            }

            return waiter.Turn.Task;
        }
    }

    /// <summary>
    /// Hands <paramref name="group"/> to the next waiter if it may join and the group has room; returns whether it did.
    /// The next writer runs on this thread up to the point where it first waits, so the group goes from writer to writer
    /// without waiting in the thread pool's queue while its transaction holds SQLite's write lock.
    /// </summary>
    public bool TryPass(WriteGroup group)
    {
        Waiter next;
        lock (_lock)
        {
            if (group.Size >= MaxGroupSize || _waiting.First is not { Value.Joinable: true } first)
            {
                return false;
            }

            _waiting.RemoveFirst();
            next = first.Value;
        }

        next.Cancellation.Unregister();
        if (RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            next.Turn.SetResult(group);
        }
        else
        {
            ThreadPool.UnsafeQueueUserWorkItem(static state => state.Waiter.Turn.SetResult(state.Group), (Waiter: next, Group: group), preferLocal: false);
        }

        return true;
    }

    /// <summary>Ends the current turn: the next waiter gets a turn of its own, on a thread of its own.</summary>
    public void Release()
    {
        Waiter next;
        lock (_lock)
        {
            if (_waiting.First is null)
            {
                _taken = false;
                return;
            }

            next = _waiting.First.Value;
            _waiting.RemoveFirst();
        }

        next.Cancellation.Unregister();
        ThreadPool.UnsafeQueueUserWorkItem(static waiter => waiter.Turn.SetResult(null), next, preferLocal: false);
    }

    // The turn's continuation runs where the turn is given: on the passing writer's thread (TryPass) or queued (Release).
    private sealed class Waiter(SqliteWriteTurns owner, bool joinable)
    {
        public bool Joinable => joinable;

        public TaskCompletionSource<WriteGroup?> Turn { get; } = new();

        public LinkedListNode<Waiter>? Node { get; set; }

        public CancellationTokenRegistration Cancellation { get; set; }

        // A waiter that gave up before its turn came leaves the queue; one whose turn already came uses it and passes it on.
        public void Abandon(CancellationToken cancellationToken)
        {
            lock (owner._lock)
            {
                if (Node?.List is null)
                {
                    return;
                }

                owner._waiting.Remove(Node);
            }

            Turn.SetCanceled(cancellationToken);
        }
    }
}
