using FastCms.Collections;
using FastCms.Data;
using FastCms.Records.Query;

namespace FastCms.Records;

/// <summary>Adds a collection's access rule to a statement as a condition on table alias <c>t</c>.</summary>
internal static class RuleSql
{
    /// <summary>
    /// Appends <paramref name="prefix"/> and the rule. Returns <c>false</c> when the rule cannot be evaluated for this
    /// caller (say <c>@request.data.views</c> holds text where a number is compared): the caller must then deny.
    /// </summary>
    public static bool TryAppend(SqlBuilder sql, string prefix, SchemaSnapshot schema, CompiledCollection collection, SqlDialect dialect,
        RequestValues request, FilterNode rule, DateTimeOffset now)
    {
        try
        {
            sql.Append(prefix);
            new FilterCompiler(schema, collection, dialect, sql, request, trusted: true, now).Emit(rule);
            return true;
        }
        catch (FilterException)
        {
            return false;
        }
    }
}
