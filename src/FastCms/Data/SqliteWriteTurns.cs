using System.Data.Common;
using System.Diagnostics.Metrics;
using FastCms.Kernel;

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

    private readonly object _lock = new();
    private readonly LinkedList<Waiter> _waiting = new();
    private bool _taken;

    /// <summary>Waits for a turn: <c>null</c> is a turn of one's own (begin a transaction), a group is one to join.</summary>
    public Task<WriteGroup?> TakeAsync(bool joinable, CancellationToken cancellationToken)
    {
        LinkedListNode<Waiter> node;
        lock (_lock)
        {
            if (!_taken)
            {
                _taken = true;
                return Task.FromResult<WriteGroup?>(null);
            }

            cancellationToken.ThrowIfCancellationRequested();
            node = _waiting.AddLast(new Waiter(joinable));
        }

        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(() => Abandon(node, cancellationToken));
            node.Value.Turn.Task.ContinueWith(_ => registration.Dispose(), TaskScheduler.Default);
        }

        return node.Value.Turn.Task;
    }

    /// <summary>Hands <paramref name="group"/> to the next waiter if it may join and the group has room; returns whether it did.</summary>
    public bool TryPass(WriteGroup group)
    {
        lock (_lock)
        {
            if (group.Size >= MaxGroupSize || _waiting.First is not { Value.Joinable: true } next)
            {
                return false;
            }

            _waiting.RemoveFirst();
            next.Value.Turn.SetResult(group);
            return true;
        }
    }

    /// <summary>Ends the current turn: the next waiter gets a turn of its own.</summary>
    public void Release()
    {
        lock (_lock)
        {
            if (_waiting.First is { } next)
            {
                _waiting.RemoveFirst();
                next.Value.Turn.SetResult(null);
                return;
            }

            _taken = false;
        }
    }

    // A waiter that gave up before its turn came leaves the queue; one whose turn already came uses it and passes it on.
    private void Abandon(LinkedListNode<Waiter> node, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (node.List is null)
            {
                return;
            }

            _waiting.Remove(node);
            node.Value.Turn.SetCanceled(cancellationToken);
        }
    }

    private sealed record Waiter(bool Joinable)
    {
        public TaskCompletionSource<WriteGroup?> Turn { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>
/// One open transaction shared by the writes of a group, in the order they ran. Each write after the first runs inside a
/// savepoint, so a write that fails takes back only its own changes; the group commits once, then runs each write's
/// commit callbacks in order (events leave in commit order) and lets each writer return.
/// </summary>
internal sealed class WriteGroup(DbConnection connection, DbTransaction transaction) : IAsyncDisposable
{
    public const string Savepoint = "fastcms_write";

    private static readonly Histogram<int> GroupSize = FastCmsMeter.Meter.CreateHistogram(
        "fastcms_db_write_group_size", "{write}", "Writes that shared one SQLite commit (1 when a write had its turn alone).",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32] });

    private readonly List<(DbSession Session, TaskCompletionSource Committed)> _members = [];

    public DbConnection Connection { get; } = connection;

    public DbTransaction Transaction { get; } = transaction;

    /// <summary>How many writes have taken part, including failed ones.</summary>
    public int Size { get; private set; } = 1;

    /// <summary>Set when the transaction can no longer commit what it holds (the first write failed, or a savepoint could not be undone).</summary>
    public Exception? Broken { get; set; }

    public void Joined() => Size++;

    /// <summary>Adds a write that succeeded; the task completes once the group has committed and its callbacks have run.</summary>
    public Task Add(DbSession session)
    {
        var committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _members.Add((session, committed));
        return committed.Task;
    }

    /// <summary>Commits (or, when broken, rolls back) and settles every member: callbacks run in order, each writer's own failure goes to it.</summary>
    public async Task FinishAsync()
    {
        GroupSize.Record(Size);
        Exception? failure = Broken is { } broken && _members.Count > 0
            ? new InvalidOperationException("The write could not commit: a write sharing its transaction left it unusable.", broken)
            : null;
        if (failure is null && _members.Count > 0)
        {
            try
            {
                // Not the request's token: cancelling one writer must not fail the others' commit.
                await Transaction.CommitAsync(CancellationToken.None);
            }
            catch (Exception e)
            {
                failure = e;
            }
        }

        foreach (var (session, committed) in _members)
        {
            if (failure is not null)
            {
                committed.SetException(failure);
                continue;
            }

            try
            {
                session.RunCommitCallbacks();
                committed.SetResult();
            }
            catch (Exception e)
            {
                committed.SetException(e);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }
}
