namespace FastCms.Data;

internal enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Settings of section <c>FastCms:Database</c>.</summary>
internal sealed class DatabaseOptions
{
    public const string Section = "FastCms:Database";

    /// <summary>
    /// <c>sqlite</c> or <c>postgres</c>. When empty, a non-empty <see cref="ConnectionString"/> selects PostgreSQL
    /// and otherwise the embedded SQLite database under the data folder is used.
    /// </summary>
    public string? Provider { get; set; }

    /// <summary>
    /// For PostgreSQL: an Npgsql connection string. For SQLite: optional; defaults to <c>{DataDir}/fastcms.db</c>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// For SQLite: the length of the write-ahead log, in pages of 4 KiB, at which it is started over inside a write turn
    /// when writers have not paused long enough for it to start over by itself (see <see cref="SqliteCheckpoints"/>).
    /// </summary>
    public int SqliteLogRestartPages { get; set; } = 16_000;

    public DatabaseProvider ResolveProvider() => Provider?.Trim().ToLowerInvariant() switch
    {
        null or "" => string.IsNullOrWhiteSpace(ConnectionString) ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres,
        "sqlite" => DatabaseProvider.Sqlite,
        "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
        _ => throw new InvalidOperationException($"Unknown database provider '{Provider}'."),
    };
}
