using System.Data.Common;

namespace FastCms.Data;

// What collections and records need beyond the system tables: JSON arrays, dates, row locks, catalog lookups.
internal abstract partial class SqlDialect
{
    /// <summary>Column type for calendar dates.</summary>
    public abstract string DateType { get; }

    /// <summary>A placeholder usable where a JSON column value is expected (the parameter is JSON text).</summary>
    public abstract string JsonValue(string placeholder);

    /// <summary>
    /// A FROM item that yields the elements of the JSON array <paramref name="expression"/> as text in column
    /// <c>{alias}.value</c>; it may refer to tables listed before it.
    /// </summary>
    public abstract string JsonArrayElements(string expression, string alias);

    /// <summary>Equality where two NULLs are equal.</summary>
    public abstract string NullSafeEqual(string left, string right);

    /// <summary>Inequality where NULL differs from every value and equals NULL.</summary>
    public abstract string NullSafeNotEqual(string left, string right);

    /// <summary>Appended to a SELECT of one row of table alias <c>t</c> that is about to be changed: locks it.</summary>
    public abstract string LockRowForUpdate { get; }

    /// <summary>Appended to a SELECT of rows that must not be deleted before this transaction ends.</summary>
    public abstract string LockRowsForReference { get; }

    /// <summary>The parameter value to store a calendar date.</summary>
    public abstract object Date(DateOnly value);

    /// <summary>Reads a calendar date.</summary>
    public abstract DateOnly ReadDate(DbDataReader reader, int ordinal);

    /// <summary>Whether a table (or view) with this name exists, compared case-insensitively.</summary>
    public abstract string TableExistsSql { get; }

    /// <summary>Whether the exception says a table or column does not exist (a schema changed underneath a cached plan).</summary>
    public abstract bool IsUndefinedObject(DbException exception);

    /// <summary>For a unique violation: the violated index name (PostgreSQL) or the <c>table.column</c> list (SQLite).</summary>
    public abstract string? UniqueViolationTarget(DbException exception);
}

internal sealed partial class SqliteDialect
{
    public override string DateType => "TEXT";

    public override string JsonValue(string placeholder) => placeholder;

    public override string JsonArrayElements(string expression, string alias) => $"json_each({expression}) {alias}";

    public override string NullSafeEqual(string left, string right) => $"({left} IS {right})";

    public override string NullSafeNotEqual(string left, string right) => $"({left} IS NOT {right})";

    public override string LockRowForUpdate => "";

    public override string LockRowsForReference => "";

    public override object Date(DateOnly value) => value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public override DateOnly ReadDate(DbDataReader reader, int ordinal) =>
        DateOnly.ParseExact(reader.GetString(ordinal), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public override string TableExistsSql => "SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND lower(name) = lower(@name)";

    public override bool IsUndefinedObject(DbException exception) =>
        exception is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 1 } e
        && (e.Message.Contains("no such column", StringComparison.Ordinal) || e.Message.Contains("no such table", StringComparison.Ordinal));

    public override string? UniqueViolationTarget(DbException exception)
    {
        const string Marker = "UNIQUE constraint failed: ";
        var at = exception.Message.IndexOf(Marker, StringComparison.Ordinal);
        return at < 0 ? null : exception.Message[(at + Marker.Length)..].TrimEnd('.', '\'', ' ');
    }
}

internal sealed partial class PostgresDialect
{
    public override string DateType => "DATE";

    public override string JsonValue(string placeholder) => $"CAST({placeholder} AS JSONB)";

    public override string JsonArrayElements(string expression, string alias) => $"jsonb_array_elements_text({expression}) AS {alias}(value)";

    public override string NullSafeEqual(string left, string right) => $"({left} IS NOT DISTINCT FROM {right})";

    public override string NullSafeNotEqual(string left, string right) => $"({left} IS DISTINCT FROM {right})";

    public override string LockRowForUpdate => " FOR UPDATE OF t";

    public override string LockRowsForReference => " FOR KEY SHARE";

    public override object Date(DateOnly value) => value;

    public override DateOnly ReadDate(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateOnly>(ordinal);

    public override string TableExistsSql =>
        "SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace " +
        "WHERE n.nspname = current_schema() AND lower(c.relname) = lower(@name)";

    public override bool IsUndefinedObject(DbException exception) =>
        exception is Npgsql.PostgresException { SqlState: "42P01" or "42703" };

    public override string? UniqueViolationTarget(DbException exception) => (exception as Npgsql.PostgresException)?.ConstraintName;
}
