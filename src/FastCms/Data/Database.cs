using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FastCms.Data;

/// <summary>
/// The one entry point to the database: opens connections and runs units of work in transactions.
/// A write that starts while another write of the same logical operation is running (for example a
/// before-hook that creates a record) joins the running transaction instead of opening a second one.
/// </summary>
internal sealed class Database : IAsyncDisposable
{
    private const string SqliteConnectionPragmas = "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA wal_autocheckpoint=0;";

    private const string SqliteFirstConnectionPragmas = "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=0;";

    private static readonly object Configured = new();

    // SQLite allows one writer at a time; queueing writers here avoids SQLITE_BUSY retries entirely.
    private readonly SqliteWriteTurns _sqliteTurns = new();
    // Typed by its base class, like every use below, so that only CreatePostgres names Npgsql.
    private readonly DbDataSource? _postgres;
    private readonly string? _sqliteConnectionString;

    // Write-ahead logging (a property of the database file, set once): readers and the writer no longer block each
    // other, and with synchronous=NORMAL a commit needs no fsync, which is what makes small writes fast.
    private volatile bool _sqliteWal;

    // The other pragmas belong to a connection and survive its trips through the pool, so each physical connection
    // (its native handle) is configured once instead of on every open; that would cost three statements per request.
    private readonly ConditionalWeakTable<object, object> _configuredSqliteHandles = new();

    // The log is copied into the database file away from the writers (automatic checkpoints are off: see the pragmas).
    private readonly SqliteCheckpoints? _sqliteCheckpoints;

    private Database(SqlDialect dialect, string description, DbDataSource? postgres, string? sqliteConnectionString, long restartPages, ILogger logger)
    {
        Dialect = dialect;
        Description = description;
        _postgres = postgres;
        _sqliteConnectionString = sqliteConnectionString;
        _sqliteCheckpoints = sqliteConnectionString is null ? null : new SqliteCheckpoints(this, restartPages, logger);
    }

    public SqlDialect Dialect { get; }

    private string SqlitePragmas => _sqliteWal ? SqliteConnectionPragmas : SqliteFirstConnectionPragmas;

    public DatabaseProvider Provider => Dialect.Provider;

    /// <summary>A human-readable description for logs, without credentials.</summary>
    public string Description { get; }

    /// <summary>The write transaction running on this logical call path, if any.</summary>
    public DbSession? CurrentSession => DbSession.Ambient.Value;

    public static Database Create(DatabaseOptions options, string dataDir, ILoggerFactory? loggers = null)
    {
        var logger = (loggers ?? NullLoggerFactory.Instance).CreateLogger<Database>();
        if (options.ResolveProvider() == DatabaseProvider.Postgres)
        {
            return CreatePostgres(options, logger);
        }

        var sqlite = new SqliteConnectionStringBuilder(
            string.IsNullOrWhiteSpace(options.ConnectionString) ? $"Data Source={Path.Combine(dataDir, "fastcms.db")}" : options.ConnectionString)
        {
            Pooling = true,
            // Set with the other pragmas, once per physical connection (this option would run it on every open).
            ForeignKeys = null,
            DefaultTimeout = 30,
        };
        var file = Path.GetFullPath(sqlite.DataSource);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        sqlite.DataSource = file;
        return new Database(SqliteDialect.Instance, $"SQLite {file}", null, sqlite.ToString(), options.SqliteLogRestartPages, logger);
    }

    // Its own method so that a SQLite server never loads Npgsql (the JIT loads what a method names when compiling it).
    private static Database CreatePostgres(DatabaseOptions options, ILogger logger)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new InvalidOperationException("FastCms:Database:ConnectionString is required for PostgreSQL.");
        }

        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
        var csb = builder.ConnectionStringBuilder;
        if (!SetsAutoPrepare(options.ConnectionString))
        {
            // The same few statements run over and over (a record read, a list page, an insert): prepared once per
            // physical connection, PostgreSQL skips parsing and planning them (15-20 % of its CPU per request).
            csb.MaxAutoPrepare = 64;
            csb.AutoPrepareMinUsages = 2;
        }

        return new Database(PostgresDialect.Instance, $"PostgreSQL {csb.Host}:{csb.Port}/{csb.Database}", builder.Build(), null, 0, logger);
    }

    private static bool SetsAutoPrepare(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return given.ContainsKey("Max Auto Prepare") || given.ContainsKey("MaxAutoPrepare");
    }

    public async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken);
        }

        var connection = new SqliteConnection(_sqliteConnectionString);
        await connection.OpenAsync(cancellationToken);
        if (!_configuredSqliteHandles.TryGetValue(connection.Handle!, out _))
        {
            await using var pragmas = connection.CreateCommand(SqlitePragmas);
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
            Configure(connection);
        }

        return connection;
    }

    /// <summary>
    /// Opens a connection synchronously, for framework interfaces that have no async form (Data Protection's key
    /// repository). Everything else uses <see cref="OpenAsync"/>.
    /// </summary>
    public DbConnection Open()
    {
        var connection = CreateConnection();
        connection.Open();
        return connection;
    }

    private void Configure(SqliteConnection connection)
    {
        _configuredSqliteHandles.AddOrUpdate(connection.Handle!, Configured);
        _sqliteWal = true;
    }

    /// <summary>A new connection that is not open yet, for a client that opens and closes it itself (EF Core).</summary>
    public DbConnection CreateConnection()
    {
        if (_postgres is not null)
        {
            return _postgres.CreateConnection();
        }

        // The client opens it; a physical connection it opens first gets the pragmas then, like the host's own.
        var connection = new SqliteConnection(_sqliteConnectionString);
        connection.StateChange += (_, change) =>
        {
            if (change.CurrentState == System.Data.ConnectionState.Open && !_configuredSqliteHandles.TryGetValue(connection.Handle!, out var _))
            {
                using var pragmas = connection.CreateCommand(SqlitePragmas);
                pragmas.ExecuteNonQuery();
                Configure(connection);
            }
        };
        return connection;
    }

    /// <summary>
    /// Runs <paramref name="work"/>, which writes through a connection and transaction of its own (an EF Core save), in
    /// turn with the host's writers: on SQLite it waits for a write turn, so it never meets a locked database. Must not
    /// be called inside a running write (join its transaction instead).
    /// </summary>
    public async Task<T> ExclusiveAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        if (DbSession.Ambient.Value is not null)
        {
            throw new InvalidOperationException("A write with a connection of its own cannot start inside a running write; join its transaction.");
        }

        if (_postgres is not null)
        {
            return await work(cancellationToken);
        }

        await _sqliteTurns.TakeAsync(joinable: false, cancellationToken);
        try
        {
            return await work(cancellationToken);
        }
        finally
        {
            _sqliteTurns.Release();
            _sqliteCheckpoints!.Written();
        }
    }

    /// <summary>Runs <paramref name="work"/> in a transaction of its own (or inside the current one) and commits it.</summary>
    public Task<T> WriteAsync<T>(Func<DbSession, Task<T>> work, CancellationToken cancellationToken) => WriteAsync(work, joinable: false, cancellationToken);

    public Task WriteAsync(Func<DbSession, Task> work, CancellationToken cancellationToken) =>
        WriteAsync<bool>(async session => { await work(session); return true; }, joinable: false, cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction (or inside the current one) that on SQLite it may share with other
    /// such writes waiting for their turn (see <see cref="SqliteWriteTurns"/>): it returns once its changes have committed,
    /// and a failure takes back its own changes only. For writes that change no schema and read nothing another write
    /// of the group could change for them in a way that matters (record writes, outbox steps).
    /// </summary>
    public Task<T> WriteInGroupAsync<T>(Func<DbSession, Task<T>> work, CancellationToken cancellationToken) => WriteAsync(work, joinable: true, cancellationToken);

    public Task WriteInGroupAsync(Func<DbSession, Task> work, CancellationToken cancellationToken) =>
        WriteAsync<bool>(async session => { await work(session); return true; }, joinable: true, cancellationToken);

    private async Task<T> WriteAsync<T>(Func<DbSession, Task<T>> work, bool joinable, CancellationToken cancellationToken)
    {
        if (DbSession.Ambient.Value is { } running)
        {
            return await work(running);
        }

        if (_postgres is not null)
        {
            return await WritePostgresAsync(work, cancellationToken);
        }

        try
        {
            return await _sqliteTurns.WriteAsync(OpenAsync, Dialect, work, joinable, cancellationToken);
        }
        finally
        {
            _sqliteCheckpoints!.Written();
        }
    }

    private async Task<T> WritePostgresAsync<T>(Func<DbSession, Task<T>> work, CancellationToken cancellationToken)
    {
        DbSession? session = null;
        var connection = await OpenAsync(cancellationToken);
        try
        {
            session = new DbSession(connection, await connection.BeginTransactionAsync(cancellationToken), Dialect);
            DbSession.Ambient.Value = session;
            var result = await work(session);
            await session.RunBeforeCommitAsync(cancellationToken);
            await session.Transaction.CommitAsync(cancellationToken);
            DbSession.Ambient.Value = null;
            session.RunCommitCallbacks();
            return result;
        }
        finally
        {
            DbSession.Ambient.Value = null;
            await (session is null ? connection.DisposeAsync() : session.DisposeAsync());
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
        else
        {
            await _sqliteCheckpoints!.DisposeAsync();
            SqliteConnection.ClearAllPools();
        }
    }
}
