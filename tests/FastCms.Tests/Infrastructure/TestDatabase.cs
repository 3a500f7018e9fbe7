using Npgsql;

namespace FastCms.Tests.Infrastructure;

/// <summary>A database for one test server: a SQLite file in the server's data folder, or a fresh PostgreSQL database.</summary>
public abstract class TestDatabase : IAsyncDisposable
{
    /// <summary>Connection string of a PostgreSQL server the tests may create databases on (set by <c>.ci/run</c>).</summary>
    public const string PostgresVariable = "FASTCMS_TEST_POSTGRES";

    public abstract string Provider { get; }

    public abstract IEnumerable<KeyValuePair<string, string?>> Settings { get; }

    /// <summary>A connection to the database of the server whose content root is <paramref name="root"/>, past the server.</summary>
    public abstract System.Data.Common.DbConnection Connect(string root);

    public static string? PostgresServer => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value ? value : null;

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

public sealed class SqliteTestDatabase : TestDatabase
{
    public override string Provider => "sqlite";

    public override System.Data.Common.DbConnection Connect(string root) =>
        new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(root, "data", "fastcms.db")};Pooling=false");

    public override IEnumerable<KeyValuePair<string, string?>> Settings => [new("FastCms:Database:Provider", "sqlite")];
}

public sealed class PostgresTestDatabase : TestDatabase
{
    private readonly string _name;

    private PostgresTestDatabase(string name, string connectionString)
    {
        _name = name;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public override string Provider => "postgres";

    public override System.Data.Common.DbConnection Connect(string root) => new NpgsqlConnection(ConnectionString);

    public override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("FastCms:Database:Provider", "postgres"),
        new("FastCms:Database:ConnectionString", ConnectionString),
    ];

    public static async Task<PostgresTestDatabase> CreateAsync(string server)
    {
        var name = "fastcms_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new PostgresTestDatabase(name, builder.ConnectionString);
    }

    public override async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(PostgresServer);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
