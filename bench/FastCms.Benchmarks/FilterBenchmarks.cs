using BenchmarkDotNet.Attributes;
using FastCms.Collections;
using FastCms.Data;
using FastCms.Records;
using FastCms.Records.Query;

namespace FastCms.Benchmarks;

/// <summary>
/// What a list request spends turning <c>filter</c> and <c>sort</c> into SQL: parsing the filter, resolving its
/// fields against the schema and emitting the WHERE and ORDER BY text with parameters.
/// </summary>
[MemoryDiagnoser]
public class FilterBenchmarks
{
    private const string Filter = "published = true && views > 100 && (title ~ \"release\" || created >= \"2025-01-01\")";

    private SchemaSnapshot _schema = null!;
    private CompiledCollection _posts = null!;
    private DateTimeOffset _now;

    [GlobalSetup]
    public void Setup()
    {
        _schema = new SchemaSnapshot(1, [BenchmarkSchema.Posts], SqliteDialect.Instance);
        _posts = _schema.Find("posts")!;
        _now = DateTimeOffset.UtcNow;
    }

    [Benchmark(Description = "parse filter")]
    public object Parse() => FilterParser.Parse(Filter);

    [Benchmark(Description = "parse filter + SQL for WHERE and ORDER BY")]
    public string ParseAndCompile()
    {
        var sql = new SqlBuilder();
        var compiler = new FilterCompiler(_schema, _posts, SqliteDialect.Instance, sql, RequestValues.Placeholder, trusted: false, _now);
        compiler.Emit(FilterParser.Parse(Filter));
        return sql.Text.Append(" ORDER BY ").Append(RecordQuery.CompileSort("-views", compiler)).ToString();
    }
}
