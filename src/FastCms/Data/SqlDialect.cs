using System.Data.Common;

namespace FastCms.Data;

/// <summary>
/// What differs between SQLite and PostgreSQL: identifier quoting, column types, value conversions and a
/// few statements. Everything else is shared SQL written once.
/// </summary>
internal abstract partial class SqlDialect
{
    public abstract DatabaseProvider Provider { get; }

    /// <summary>Column type for instants (UTC).</summary>
    public abstract string TimestampType { get; }

    public abstract string BooleanType { get; }

    public abstract string IntegerType { get; }

    public abstract string RealType { get; }

    public abstract string JsonType { get; }

    /// <summary>Case-insensitive LIKE operator.</summary>
    public abstract string LikeOperator { get; }

    /// <summary>
    /// A field's column in an index, in the order record lists sort by: nulls first ascending, last descending (see
    /// <c>RecordQuery</c>), so that a sorted page is read from the index instead of sorting every matching row.
    /// </summary>
    public abstract string IndexColumn(string quotedName);

    /// <summary>
    /// Quotes an identifier. Callers validate identifiers before they get here; quoting is the second line of
    /// defence, so an embedded quote is doubled rather than trusted.
    /// </summary>
    public string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>The parameter value to store an instant.</summary>
    public abstract object Timestamp(DateTimeOffset value);

    public abstract DateTimeOffset ReadTimestamp(DbDataReader reader, int ordinal);

    /// <summary>
    /// Serialises writers that need a global decision (first admin, last-admin checks). SQLite already
    /// serialises all writers; PostgreSQL takes a transaction-scoped advisory lock.
    /// </summary>
    public abstract Task LockAsync(DbSession session, long key, CancellationToken cancellationToken);

    /// <summary>Whether the exception is a unique-constraint violation.</summary>
    public abstract bool IsUniqueViolation(DbException exception);
}

internal sealed partial class SqliteDialect : SqlDialect
{
    public static SqliteDialect Instance { get; } = new();

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public override string TimestampType => "TEXT";

    public override string BooleanType => "INTEGER";

    public override string IntegerType => "INTEGER";

    public override string RealType => "REAL";

    public override string JsonType => "TEXT";

    public override string LikeOperator => "LIKE";

    // SQLite's own order: nulls are the smallest values.
    public override string IndexColumn(string quotedName) => quotedName;

    // A fixed-width ISO 8601 form so that text order equals time order.
    public override object Timestamp(DateTimeOffset value) => Kernel.UtcTimestamp.ToText(value);

    public override DateTimeOffset ReadTimestamp(DbDataReader reader, int ordinal) => Kernel.UtcTimestamp.Parse(reader.GetString(ordinal));

    public override Task LockAsync(DbSession session, long key, CancellationToken cancellationToken) => Task.CompletedTask;

    // SQLITE_CONSTRAINT (19) with extended codes 2067 (UNIQUE) and 1555 (PRIMARY KEY).
    public override bool IsUniqueViolation(DbException exception) =>
        exception is Microsoft.Data.Sqlite.SqliteException { SqliteExtendedErrorCode: 2067 or 1555 };
}

internal sealed partial class PostgresDialect : SqlDialect
{
    public static PostgresDialect Instance { get; } = new();

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public override string TimestampType => "TIMESTAMPTZ";

    public override string BooleanType => "BOOLEAN";

    public override string IntegerType => "BIGINT";

    public override string RealType => "DOUBLE PRECISION";

    public override string JsonType => "JSONB";

    public override string LikeOperator => "ILIKE";

    // PostgreSQL sorts nulls as the largest values by default; an index in that order cannot serve DESC NULLS LAST.
    public override string IndexColumn(string quotedName) => quotedName + " NULLS FIRST";

    public override object Timestamp(DateTimeOffset value) => value.UtcDateTime;

    public override DateTimeOffset ReadTimestamp(DbDataReader reader, int ordinal) =>
        new(DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc));

    public override async Task LockAsync(DbSession session, long key, CancellationToken cancellationToken)
    {
        await using var command = session.CreateCommand("SELECT pg_advisory_xact_lock(@key)");
        command.AddParameter("key", key);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public override bool IsUniqueViolation(DbException exception) =>
        exception is Npgsql.PostgresException { SqlState: "23505" };
}
