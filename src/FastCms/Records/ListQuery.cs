using FastCms.Collections;
using FastCms.Data;
using FastCms.Records.Query;

namespace FastCms.Records;

/// <summary>
/// The parts of a list query, shared by a page of records and a full export: what to read, the WHERE clause (the
/// caller's list rule and the filter) with its values, and the order.
/// </summary>
internal sealed record ListQuery(Projection Projection, ExpandPlan? Plan, int[] Columns, SqlBuilder Sql, string Where, string Order, bool Denied)
{
    /// <summary>Checks and compiles the query; a bad filter, order, field list or expand throws <see cref="InvalidQueryException"/>.</summary>
    public static ListQuery Prepare(
        SchemaSnapshot schema, CompiledCollection collection, RecordCaller caller, SqlDialect dialect, DateTimeOffset now,
        string? filter, string? sort, string? fields, string? expand)
    {
        var trusted = caller.BypassesRules;
        var projection = RecordQuery.ParseFields(fields, collection, trusted);
        var plan = RecordQuery.ParseExpand(expand, collection, schema, trusted);
        var columns = ColumnsFor(collection, projection, plan);
        var sql = new SqlBuilder();
        var request = caller.Request(null);
        var compiler = new FilterCompiler(schema, collection, dialect, sql, request, trusted, now);
        var rule = collection.ListRule;
        var denied = !trusted && rule.IsAdminsOnly;
        if (!trusted && rule.Expression is { } expression)
        {
            denied = !RuleSql.TryAppend(sql, " WHERE ", schema, collection, dialect, request, expression, now);
        }

        if (!string.IsNullOrWhiteSpace(filter))
        {
            try
            {
                var parsed = FilterParser.Parse(filter);
                sql.Append(sql.Text.Length == 0 ? " WHERE " : " AND ");
                compiler.Emit(parsed);
            }
            catch (FilterException e)
            {
                throw InvalidQueryException.From("filter", e);
            }
        }

        var where = sql.Text.ToString();
        return new ListQuery(projection, plan, columns, sql, where, RecordQuery.CompileSort(sort, compiler), denied);
    }

    /// <summary>The fields to read: those shown plus the relations to expand; the shared public list when that is all.</summary>
    public static int[] ColumnsFor(CompiledCollection collection, Projection projection, ExpandPlan? plan)
    {
        if (plan is null && projection.Fields == collection.PublicFields)
        {
            return collection.PublicFields;
        }

        var needed = projection.Fields.Concat(plan?.Children.Values.Select(c => c.Field) ?? []).Distinct().Order().ToArray();
        return needed.SequenceEqual(collection.PublicFields) ? collection.PublicFields : needed;
    }
}
