using System.Data.Common;

namespace FastCms.Data;

/// <summary>An open connection with a running transaction, plus work to do once it commits.</summary>
internal sealed class DbSession(DbConnection connection, DbTransaction transaction, SqlDialect dialect) : IAsyncDisposable
{
    /// <summary>The write transaction running on the current logical call path, if any; writes started on it join it.</summary>
    internal static readonly AsyncLocal<DbSession?> Ambient = new();

    private List<Action>? _onCommitted;
    private List<Func<DbSession, CancellationToken, Task>>? _beforeCommit;
    private bool _disposed;

    public DbConnection Connection { get; } = connection;

    public DbTransaction Transaction { get; } = transaction;

    public SqlDialect Dialect { get; } = dialect;

    /// <summary>
    /// How many before-hook runs are open on this write. Writes made by those hooks join this transaction, so they
    /// count as that many levels deeper (see <see cref="Events.HookDepth"/>); kept here rather than in an
    /// <see cref="AsyncLocal{T}"/> so that running the hooks allocates nothing.
    /// </summary>
    public int HookLevel { get; set; }

    public DbCommand CreateCommand(string sql)
    {
        var command = Connection.CreateCommand(sql);
        command.Transaction = Transaction;
        return command;
    }

    /// <summary>
    /// Registers work that runs only if, and right after, the transaction commits. Callbacks must be quick
    /// and must not throw: they only hand work to someone else (for example queue an event).
    /// </summary>
    public void OnCommitted(Action callback) => (_onCommitted ??= []).Add(callback);

    /// <summary>
    /// Registers work that runs inside the transaction just before it commits, once per registration however many
    /// writes joined the transaction: a batch of writes then ends in one statement (the outbox's insert) instead of one each.
    /// If it throws, the transaction rolls back.
    /// </summary>
    public void BeforeCommit(Func<DbSession, CancellationToken, Task> work) => (_beforeCommit ??= []).Add(work);

    internal async Task RunBeforeCommitAsync(CancellationToken cancellationToken)
    {
        if (_beforeCommit is null)
        {
            return;
        }

        foreach (var work in _beforeCommit)
        {
            await work(this, cancellationToken);
        }
    }

    internal void RunCommitCallbacks()
    {
        if (_onCommitted is null)
        {
            return;
        }

        foreach (var callback in _onCommitted)
        {
            callback();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }
}
