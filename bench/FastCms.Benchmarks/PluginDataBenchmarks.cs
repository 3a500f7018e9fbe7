using BenchmarkDotNet.Attributes;
using FastCms.Data;
using FastCms.Plugins.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace FastCms.Benchmarks;

/// <summary>
/// The plugin data path on SQLite, as a before-hook and a plugin route use it: one row inserted through a plugin's
/// context inside a write's transaction, against the same insert as one command on the write's connection; and one
/// row read by id through the context, against the same read as one command. The difference is what the context costs.
/// </summary>
[MemoryDiagnoser]
public class PluginDataBenchmarks
{
    private string _dataDir = null!;
    private Database _database = null!;
    private PluginDatabases _databases = null!;
    private PluginDatabaseBinding _binding = null!;
    private string _id = "";
    private int _next;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _dataDir = Directory.CreateTempSubdirectory("fastcms-bench-").FullName;
        _database = Database.Create(new DatabaseOptions(), _dataDir);
        _databases = new PluginDatabases(_database, TimeProvider.System, NullLoggerFactory.Instance);
        _binding = PluginDatabaseBinding.For("bench", typeof(BenchDb));
        _databases.Add(_binding);
        await _database.WriteAsync(async session =>
        {
            await using var create = session.CreateCommand("CREATE TABLE bench_rows (id TEXT PRIMARY KEY, created TEXT NOT NULL, updated TEXT NOT NULL, title TEXT NOT NULL)");
            await create.ExecuteNonQueryAsync();
        }, CancellationToken.None);
        _id = await _database.WriteAsync(async _ =>
        {
            await using var db = (BenchDb)_databases.Create(_binding);
            var row = new BenchRow { Title = "first" };
            db.Rows.Add(row);
            await db.SaveChangesAsync();
            return row.Id;
        }, CancellationToken.None);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_dataDir, recursive: true);
    }

    [Benchmark(Description = "write: insert one row, plugin context")]
    public Task InsertThroughContext() => _database.WriteAsync(async _ =>
    {
        await using var db = (BenchDb)_databases.Create(_binding);
        db.Rows.Add(new BenchRow { Title = "through the context" });
        await db.SaveChangesAsync();
    }, CancellationToken.None);

    [Benchmark(Description = "write: insert one row, one command")]
    public Task InsertWithCommand() => _database.WriteAsync(async session =>
    {
        await using var insert = session.CreateCommand("INSERT INTO bench_rows (id, created, updated, title) VALUES ($id, $now, $now, $title)");
        insert.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter("$id", $"cmd{Interlocked.Increment(ref _next):D12}"));
        insert.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter("$now", "2026-01-01T00:00:00.000Z"));
        insert.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter("$title", "with a command"));
        await insert.ExecuteNonQueryAsync();
    }, CancellationToken.None);

    [Benchmark(Description = "read one row by id, plugin context")]
    public async Task<string?> ReadThroughContext()
    {
        await using var db = (BenchDb)_databases.Create(_binding);
        return (await db.Rows.AsNoTracking().FirstOrDefaultAsync(r => r.Id == _id))?.Title;
    }

    [Benchmark(Description = "read one row by id, one command")]
    public async Task<string?> ReadWithCommand()
    {
        await using var lease = await _database.LeaseAsync(CancellationToken.None);
        await using var select = lease.CreateCommand("SELECT title FROM bench_rows WHERE id = @id");
        select.AddParameter("id", _id);
        return await select.ExecuteScalarAsync() as string;
    }

    public sealed class BenchRow : PluginModel
    {
        public string Title { get; set; } = "";
    }

    public sealed class BenchDb(PluginDbOptions options) : PluginDbContext(options)
    {
        public DbSet<BenchRow> Rows => Set<BenchRow>();
    }
}
