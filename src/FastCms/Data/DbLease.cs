using System.Data.Common;

namespace FastCms.Data;

/// <summary>
/// A connection for reading: the running write transaction when there is one on this call path (so a hook
/// that reads sees the writes it is part of), otherwise a pooled connection of its own.
/// </summary>
internal readonly struct DbLease(DbConnection connection, DbTransaction? transaction, bool owned) : IAsyncDisposable
{
    public DbConnection Connection { get; } = connection;

    public DbCommand CreateCommand(string sql)
    {
        var command = Connection.CreateCommand(sql);
        command.Transaction = transaction;
        return command;
    }

    public ValueTask DisposeAsync() => owned ? Connection.DisposeAsync() : ValueTask.CompletedTask;
}

internal static class DbLeaseExtensions
{
    public static async ValueTask<DbLease> LeaseAsync(this Database database, CancellationToken cancellationToken) =>
        database.CurrentSession is { } session
            ? new DbLease(session.Connection, session.Transaction, owned: false)
            : new DbLease(await database.OpenAsync(cancellationToken), null, owned: true);

    public static DbLease Lease(this DbSession session) => new(session.Connection, session.Transaction, owned: false);
}
