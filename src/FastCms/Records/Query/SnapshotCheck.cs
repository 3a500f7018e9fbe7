using System.Globalization;
using System.Text;
using FastCms.Collections;
using FastCms.Data;

namespace FastCms.Records.Query;

/// <summary>
/// Checks a rule and a filter in SQL against a record as an event carries it — the values bound as a one-row derived
/// table named <c>t</c>, so the statement is the one the records API compiles, joins to other collections included.
/// The record need not exist any more: a delete is checked against the record as it was before the delete. Realtime and
/// webhooks use it where the in-memory evaluator cannot decide.
/// </summary>
internal static class SnapshotCheck
{
    public static async Task<bool> MatchesAsync(
        Database database, SchemaSnapshot schema, RecordView record, FilterNode? rule, FilterNode? filter, RecordCaller caller, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var dialect = database.Dialect;
        var collection = record.Collection;
        var sql = new SqlBuilder();
        var request = caller.Request(null);
        sql.Append(" WHERE (1=1)");
        if (rule is not null && !RuleSql.TryAppend(sql, " AND ", schema, collection, dialect, request, rule, now))
        {
            return false;
        }

        if (filter is not null)
        {
            try
            {
                sql.Append(" AND ");
                new FilterCompiler(schema, collection, dialect, sql, request, caller.BypassesRules, now).Emit(filter);
            }
            catch (FilterException)
            {
                return false;
            }
        }

        await using var lease = await database.LeaseAsync(cancellationToken);
        await using var command = lease.CreateCommand($"SELECT 1 FROM ({Row(collection, dialect)}) t{sql.Text}");
        command.AddParameter("rt_id", record.Id)
            .AddParameter("rt_created", dialect.Timestamp(record.Created))
            .AddParameter("rt_updated", dialect.Timestamp(record.Updated));
        for (var i = 0; i < collection.Fields.Length; i++)
        {
            command.AddParameter(Parameter(i), FieldValues.ToParameter(collection.Fields[i], record.Values[i], dialect));
        }

        sql.Bind(command);
        return await command.ExecuteScalarAsync(cancellationToken) is not null and not DBNull;
    }

    private static string Row(CompiledCollection collection, SqlDialect dialect)
    {
        var row = new StringBuilder("SELECT CAST(@rt_id AS TEXT) AS \"id\", ")
            .Append($"CAST(@rt_created AS {dialect.TimestampType}) AS \"created\", CAST(@rt_updated AS {dialect.TimestampType}) AS \"updated\"");
        for (var i = 0; i < collection.Fields.Length; i++)
        {
            row.Append($", CAST(@{Parameter(i)} AS {SchemaMigrator.ColumnType(collection.Fields[i], dialect)}) AS {collection.Columns[i]}");
        }

        return row.ToString();
    }

    private static string Parameter(int field) => "rt_f" + field.ToString(CultureInfo.InvariantCulture);
}
