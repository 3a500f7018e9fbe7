using System.Collections.Frozen;

namespace FastCms.Collections;

/// <summary>
/// Names that become SQL identifiers (collection and field names). They are checked here and quoted when used;
/// the pattern alone already excludes every character that could end a quoted identifier.
/// </summary>
internal static class Identifiers
{
    /// <summary>PostgreSQL truncates identifiers beyond 63 bytes; the pattern is ASCII, so characters equal bytes.</summary>
    public const int MaxLength = 63;

    /// <summary>
    /// Tables the host owns or reserves (names starting with <c>_</c> are reserved as a whole), and <c>name</c>, whose
    /// records URL would collide with <c>/api/v1/collections/name/{name}</c>.
    /// </summary>
    public static readonly FrozenSet<string> ReservedCollectionNames =
        new[] { "users", "plugin_settings", "name" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Table name prefixes the databases keep for their own catalogs (<c>sqlite_master</c>, <c>sqlite_sequence</c>,
    /// <c>pg_class</c>, …). Both are refused on both databases, so that a schema moves between them unchanged.
    /// </summary>
    public static readonly string[] ReservedCollectionPrefixes = ["sqlite_", "pg_"];

    /// <summary>Every record has these columns; the filter language also treats them as fields.</summary>
    public static readonly FrozenSet<string> SystemFieldNames = new[] { "id", "created", "updated" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    // Reserved words of PostgreSQL and SQLite (and the filter language's true/false/null). Quoting would make them
    // safe, but as names they confuse every hand-written query and tool, so they are refused.
    private static readonly FrozenSet<string> SqlKeywords = new[]
    {
        "abort", "add", "after", "all", "alter", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric",
        "attach", "authorization", "autoincrement", "before", "begin", "between", "binary", "both", "by", "cascade",
        "case", "cast", "check", "collate", "collation", "column", "commit", "concurrently", "conflict", "constraint",
        "create", "cross", "current_catalog", "current_date", "current_role", "current_schema", "current_time",
        "current_timestamp", "current_user", "database", "default", "deferrable", "deferred", "delete", "desc",
        "detach", "distinct", "do", "drop", "each", "else", "end", "escape", "except", "exclusive", "exists",
        "explain", "false", "fetch", "for", "foreign", "freeze", "from", "full", "glob", "grant", "group", "having",
        "if", "ilike", "immediate", "in", "index", "indexed", "initially", "inner", "insert", "instead", "intersect",
        "into", "is", "isnull", "join", "key", "lateral", "leading", "left", "like", "limit", "localtime",
        "localtimestamp", "match", "natural", "not", "notnull", "null", "offset", "on", "only", "or", "order", "outer",
        "overlaps", "placing", "pragma", "primary", "raise", "recursive", "references", "regexp", "reindex", "release",
        "rename", "replace", "restrict", "returning", "right", "rollback", "savepoint", "select", "session_user",
        "set", "similar", "some", "symmetric", "table", "tablesample", "temp", "temporary", "then", "to", "trailing",
        "transaction", "trigger", "true", "union", "unique", "update", "user", "using", "vacuum", "values",
        "variadic", "verbose", "view", "virtual", "when", "where", "window", "with", "without",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary><c>^[a-zA-Z][a-zA-Z0-9_]*$</c>, at most <see cref="MaxLength"/> characters.</summary>
    public static bool IsValidPattern(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || !char.IsAsciiLetter(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsKeyword(string name) => SqlKeywords.Contains(name);

    /// <summary>Why <paramref name="name"/> cannot name a collection, or <c>null</c> when it can.</summary>
    public static string? CollectionNameProblem(string? name) => name switch
    {
        null or "" => "A name is required.",
        _ when !IsValidPattern(name) => $"Use a letter followed by letters, digits or '_' (at most {MaxLength} characters).",
        _ when ReservedCollectionNames.Contains(name) => $"'{name}' is reserved by the system.",
        _ when ReservedCollectionPrefixes.FirstOrDefault(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase)) is { } prefix =>
            $"Names starting with '{prefix}' are reserved for the database's own tables.",
        _ when IsKeyword(name) => $"'{name}' is an SQL keyword.",
        _ => null,
    };

    /// <summary>Why <paramref name="name"/> cannot name a field, or <c>null</c> when it can.</summary>
    public static string? FieldNameProblem(string? name) => name switch
    {
        null or "" => "A name is required.",
        _ when !IsValidPattern(name) => $"Use a letter followed by letters, digits or '_' (at most {MaxLength} characters).",
        _ when SystemFieldNames.Contains(name) => $"'{name}' is a system field every record has.",
        _ when string.Equals(name, "expand", StringComparison.OrdinalIgnoreCase) => "'expand' is reserved for expanded relations.",
        _ when IsKeyword(name) => $"'{name}' is an SQL keyword.",
        _ => null,
    };
}
