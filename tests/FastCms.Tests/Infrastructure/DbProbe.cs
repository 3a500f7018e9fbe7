using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace FastCms.Tests.Infrastructure;

/// <summary>Looks at a test server's database directly, for facts no API shows (which tables exist, raw rows).</summary>
public static class DbProbe
{
    public static async Task<object?> ScalarAsync(TestHost host, string sql)
    {
        await using var connection = Open(host);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    public static async Task<bool> TableExistsAsync(TestHost host, string table) =>
        Convert.ToInt64(await ScalarAsync(host, host.Database.Provider == "postgres"
            ? $"SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '{table}'"
            : $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'")) == 1;

    public static async Task<long> CountAsync(TestHost host, string table) => Convert.ToInt64(await ScalarAsync(host, $"SELECT COUNT(*) FROM \"{table}\""));

    private static DbConnection Open(TestHost host) => host.Database is PostgresTestDatabase postgres
        ? new NpgsqlConnection(postgres.ConnectionString)
        : new SqliteConnection($"Data Source={Path.Combine(host.Root, "data", "fastcms.db")};Pooling=false");
}
