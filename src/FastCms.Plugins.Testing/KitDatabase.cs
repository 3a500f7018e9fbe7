using Npgsql;

namespace FastCms.Plugins.Testing;

/// <summary>The database of one test server: a SQLite file in its temporary folder, or a PostgreSQL database of its own.</summary>
internal sealed class KitDatabase : IAsyncDisposable
{
    private readonly string? _server;
    private readonly string? _name;

    private KitDatabase(IReadOnlyDictionary<string, string?> settings, string? server = null, string? name = null)
    {
        Settings = settings;
        _server = server;
        _name = name;
    }

    public IReadOnlyDictionary<string, string?> Settings { get; }

    public string Provider => _server is null ? "sqlite" : "postgres";

    public static async Task<KitDatabase> CreateAsync(string? postgresServer, CancellationToken cancellationToken)
    {
        if (postgresServer is null)
        {
            return new KitDatabase(new Dictionary<string, string?> { ["FastCms:Database:Provider"] = "sqlite" });
        }

        var name = "fastcms_plugin_test_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync(postgresServer, $"CREATE DATABASE \"{name}\"", cancellationToken);
        var connectionString = new NpgsqlConnectionStringBuilder(postgresServer) { Database = name }.ConnectionString;
        return new KitDatabase(
            new Dictionary<string, string?> { ["FastCms:Database:Provider"] = "postgres", ["FastCms:Database:ConnectionString"] = connectionString },
            postgresServer,
            name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            // Pooled connections of the stopped server would keep the database in use.
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(_server, $"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", CancellationToken.None);
        }
    }

    private static async Task ExecuteAsync(string server, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
