using FastCms.Data;

namespace FastCms.PluginHost.Data;

/// <summary>Reads the tables, columns and indexes that exist in the database right now.</summary>
internal static class LiveSchema
{
    /// <summary>The shapes of those of <paramref name="tables"/> that exist; missing tables are left out.</summary>
    public static async Task<Dictionary<string, TableShape>> ReadAsync(DbSession session, IEnumerable<string> tables, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, TableShape>(StringComparer.Ordinal);
        foreach (var table in tables.Distinct(StringComparer.Ordinal))
        {
            var columns = session.Dialect.Provider == DatabaseProvider.Postgres
                ? await PostgresColumnsAsync(session, table, cancellationToken)
                : await SqliteColumnsAsync(session, table, cancellationToken);
            if (columns.Count > 0)
            {
                var indexes = session.Dialect.Provider == DatabaseProvider.Postgres
                    ? await PostgresIndexesAsync(session, table, cancellationToken)
                    : await SqliteIndexesAsync(session, table, cancellationToken);
                result[table] = new TableShape(table, columns, indexes);
            }
        }

        return result;
    }

    private static async Task<List<ColumnShape>> SqliteColumnsAsync(DbSession session, string table, CancellationToken cancellationToken)
    {
        var columns = new List<ColumnShape>();
        await using var command = session.CreateCommand("SELECT name, type, \"notnull\", pk FROM pragma_table_info(@table)");
        command.AddParameter("table", table);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            // SQLite lets a TEXT primary key hold NULL unless declared NOT NULL; EF Core always declares it.
            columns.Add(new ColumnShape(reader.GetString(0), reader.GetString(1), reader.GetInt64(2) == 0 && reader.GetInt64(3) == 0));
        }

        return columns;
    }

    private static async Task<List<IndexShape>> SqliteIndexesAsync(DbSession session, string table, CancellationToken cancellationToken)
    {
        var indexes = new List<(string Name, bool Unique)>();
        await using (var list = session.CreateCommand("SELECT name, \"unique\" FROM pragma_index_list(@table) WHERE origin = 'c'"))
        {
            list.AddParameter("table", table);
            await using var reader = await list.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                indexes.Add((reader.GetString(0), reader.GetInt64(1) == 1));
            }
        }

        var result = new List<IndexShape>();
        foreach (var (name, unique) in indexes)
        {
            var columns = new List<string>();
            await using var info = session.CreateCommand("SELECT name FROM pragma_index_info(@index) ORDER BY seqno");
            info.AddParameter("index", name);
            await using var reader = await info.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                columns.Add(reader.GetString(0));
            }

            result.Add(new IndexShape(name, columns, unique));
        }

        return result;
    }

    private static async Task<List<ColumnShape>> PostgresColumnsAsync(DbSession session, string table, CancellationToken cancellationToken)
    {
        var columns = new List<ColumnShape>();
        await using var command = session.CreateCommand("""
            SELECT a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relname = @table AND c.relkind IN ('r', 'p', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum
            """);
        command.AddParameter("table", table);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            columns.Add(new ColumnShape(reader.GetString(0), reader.GetString(1), !reader.GetBoolean(2)));
        }

        return columns;
    }

    private static async Task<List<IndexShape>> PostgresIndexesAsync(DbSession session, string table, CancellationToken cancellationToken)
    {
        var indexes = new List<IndexShape>();
        await using var command = session.CreateCommand("""
            SELECT i.relname::text, x.indisunique, array_agg(a.attname::text ORDER BY k.ord)
            FROM pg_index x
            JOIN pg_class t ON t.oid = x.indrelid
            JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
            JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
            WHERE n.nspname = current_schema() AND t.relname = @table AND NOT x.indisprimary
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
            GROUP BY i.relname, x.indisunique
            """);
        command.AddParameter("table", table);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            indexes.Add(new IndexShape(reader.GetString(0), reader.GetFieldValue<string[]>(2), reader.GetBoolean(1)));
        }

        return indexes;
    }
}
