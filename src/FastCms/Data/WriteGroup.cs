using System.Data.Common;
using System.Diagnostics.Metrics;
using FastCms.Kernel;

namespace FastCms.Data;

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
