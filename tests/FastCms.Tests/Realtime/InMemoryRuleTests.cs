using System.Net;
using FastCms.Collections;
using FastCms.Data;
using FastCms.Records;
using FastCms.Records.Query;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.Records;
using Microsoft.Extensions.DependencyInjection;

namespace FastCms.Tests.Realtime;

/// <summary>
/// The in-memory evaluator realtime uses against the SQL the records API compiles, on the same records: for every
/// filter of the filter-language tests (and a few that exercise the evaluator's own edges), each record's in-memory
/// answer — where it gives one — must equal its membership in the API's list, and so must the SQL check over a
/// record snapshot that realtime falls back to. A divergence fails here.
/// </summary>
public abstract class InMemoryRuleTests(ServerFixture server) : ServerTests(server)
{
    public static TheoryData<string> Filters
    {
        get
        {
            var filters = new TheoryData<string>();
            foreach (var row in FilterLanguageTests.Cases)
            {
                filters.Add(row.Data.Item1);
            }

            foreach (var row in FilterLanguageTests.Invalid)
            {
                filters.Add(row.Data.Item1);
            }

            foreach (var extra in new[]
            {
                "note > \"a\"", "title < \"delta\"", "title ~ \"ALP\"", "title !~ \"%a\"", "note ~ \"%\"", "at = @now", "tags ?!= \"c\"",
                "n > 2 || owner.name = \"Ann\"", "n != 3 && !(flag = false)", "title = note", "day != null && day < \"2024-04-01\"",
                "id != \"\"", "updated >= created", "owner != null && owner = @request.auth.id",
            })
            {
                filters.Add(extra);
            }

            return filters;
        }
    }

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Evaluate_SameRecords_AgreesWithTheSqlCompiler(string filter)
    {
        var data = await DataSet.GetAsync(Server);
        var services = Server.Factory.Services;
        var database = services.GetRequiredService<Database>();
        var schema = await services.GetRequiredService<SchemaCache>().GetAsync(CancellationToken.None);
        var collection = schema.Find(data.Name)!;
        var records = await ReadAllAsync(database, collection);
        var response = await Anonymous().GetAsync($"/api/v1/collections/{data.Name}/records?per_page=500&filter={Uri.EscapeDataString(filter)}");
        FilterNode node;
        try
        {
            node = FilterParser.Parse(filter);
        }
        catch (FilterException)
        {
            await response.ExpectAsync(HttpStatusCode.BadRequest);
            return;
        }

        var caller = RecordCaller.Anonymous;
        var now = DateTimeOffset.UtcNow;
        var evaluator = new FilterEvaluator(collection, caller.Request(null), trusted: false, now);
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            Assert.All(records, r =>
            {
                if (FilterEvaluator.IsSelfContained(node))
                {
                    Assert.Throws<FilterException>(() => evaluator.Evaluate(node, r));
                }
            });
            return;
        }

        var page = await response.ExpectAsync(HttpStatusCode.OK);
        var listed = page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToHashSet();
        var decided = 0;
        foreach (var record in records)
        {
            var inList = listed.Contains(record.Id);
            if (FilterEvaluator.IsSelfContained(node) && evaluator.Evaluate(node, record) is { } inMemory)
            {
                Assert.True(inMemory == inList, $"'{filter}' in memory says {inMemory} for {record["title"]}, SQL says {inList}");
                decided++;
            }

            var snapshot = await SnapshotMatchesAsync(services, schema, record, node, caller, now);
            Assert.True(snapshot == inList, $"'{filter}' over the snapshot says {snapshot} for {record["title"]}, SQL says {inList}");
        }

        Assert.True(decided == records.Count || !FilterEvaluator.IsSelfContained(node) || Undecidable(filter), $"'{filter}' was left to SQL for some records");
    }

    [Fact]
    public async Task Evaluate_RequestAuthId_AgreesForEachCaller()
    {
        var data = await DataSet.GetAsync(Server);
        var services = Server.Factory.Services;
        var schema = await services.GetRequiredService<SchemaCache>().GetAsync(CancellationToken.None);
        var collection = schema.Find(data.Name)!;
        var records = await ReadAllAsync(services.GetRequiredService<Database>(), collection);
        var ann = records.First(r => (string?)r["title"] == "alpha")["owner"] as string;
        var node = FilterParser.Parse("owner = @request.auth.id");

        foreach (var caller in new[] { RecordCaller.Anonymous, RecordCaller.User(ann!, "user") })
        {
            var evaluator = new FilterEvaluator(collection, caller.Request(null), trusted: false, DateTimeOffset.UtcNow);
            var matched = string.Join(",", records.Where(r => evaluator.Evaluate(node, r) == true).Select(r => (string)r["title"]!).Order(StringComparer.Ordinal));
            Assert.Equal(caller.UserId is null ? "" : "alpha,gamma,o'neil", matched);
        }
    }

    // Text ordering and instants finer than a millisecond are the database's to decide (collations, precision).
    private static bool Undecidable(string filter) =>
        filter is "note > \"a\"" or "title < \"delta\"" or "at = @now" || filter.Contains("@now", StringComparison.Ordinal) || filter.Contains("?>", StringComparison.Ordinal)
        || filter.Contains("?<", StringComparison.Ordinal) || filter == "title = note";

    private static async Task<bool> SnapshotMatchesAsync(
        IServiceProvider services, SchemaSnapshot schema, RecordView record, FilterNode filter, RecordCaller caller, DateTimeOffset now) =>
        await SnapshotCheck.MatchesAsync(
            services.GetRequiredService<Database>(), schema, record, null, filter, caller, now, CancellationToken.None);

    private static async Task<List<RecordView>> ReadAllAsync(Database database, CompiledCollection collection)
    {
        var records = new List<RecordView>();
        await using var lease = await database.LeaseAsync(CancellationToken.None);
        await using var command = lease.CreateCommand($"SELECT {collection.AllColumns} FROM {collection.Table} t");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            records.Add(RecordQuery.ReadRow(reader, collection, collection.AllFields, collection.PublicProjection, database.Dialect));
        }

        return records;
    }
}

public sealed class InMemoryRuleTestsSqlite(SqliteServer server) : InMemoryRuleTests(server), IClassFixture<SqliteServer>;

public sealed class InMemoryRuleTestsPostgres(PostgresServer server) : InMemoryRuleTests(server), IClassFixture<PostgresServer>;
