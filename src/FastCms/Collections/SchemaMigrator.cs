using FastCms.Data;

namespace FastCms.Collections;

/// <summary>
/// The DDL that makes a collection's table match its definition. Every column is nullable (checks happen in the
/// records layer), so adding a field is a metadata change on both databases; renames go through the database's
/// RENAME COLUMN / RENAME TO and keep the data; indexes are named after stable ids, so a rename leaves them be.
/// </summary>
internal static class SchemaMigrator
{
    public static IEnumerable<string> Create(CollectionDefinition collection, SqlDialect d)
    {
        var columns = string.Concat(collection.Fields.Select(f => $", {d.Quote(f.Name)} {ColumnType(f, d)} NULL"));
        yield return $"CREATE TABLE {d.Quote(collection.Name)} (\"id\" TEXT PRIMARY KEY NOT NULL, \"created\" {d.TimestampType} NOT NULL, \"updated\" {d.TimestampType} NOT NULL{columns})";
        foreach (var index in Indexes(collection, d))
        {
            yield return index.Value;
        }
    }

    public static IEnumerable<string> Drop(CollectionDefinition collection, SqlDialect d)
    {
        yield return $"DROP TABLE {d.Quote(collection.Name)}";
    }

    public static IEnumerable<string> Alter(CollectionDefinition old, CollectionDefinition next, SqlDialect d)
    {
        var oldIndexes = Indexes(old, d);
        var newIndexes = Indexes(next, d);
        foreach (var name in oldIndexes.Keys.Where(n => !newIndexes.ContainsKey(n)))
        {
            yield return $"DROP INDEX {d.Quote(name)}";
        }

        var table = d.Quote(next.Name);
        if (old.Name != next.Name)
        {
            yield return $"ALTER TABLE {d.Quote(old.Name)} RENAME TO {table}";
        }

        foreach (var removed in old.Fields.Where(f => next.Fields.All(n => n.Id != f.Id)))
        {
            yield return $"ALTER TABLE {table} DROP COLUMN {d.Quote(removed.Name)}";
        }

        // Through temporary names, so that fields may swap names in one change.
        var renamed = next.Fields
            .Select(f => (Old: old.Fields.FirstOrDefault(o => o.Id == f.Id), New: f))
            .Where(x => x.Old is not null && x.Old.Name != x.New.Name)
            .ToList();
        foreach (var (from, to) in renamed)
        {
            yield return $"ALTER TABLE {table} RENAME COLUMN {d.Quote(from!.Name)} TO {d.Quote("tmp_" + to.Id)}";
        }

        foreach (var (_, to) in renamed)
        {
            yield return $"ALTER TABLE {table} RENAME COLUMN {d.Quote("tmp_" + to.Id)} TO {d.Quote(to.Name)}";
        }

        foreach (var added in next.Fields.Where(f => old.Fields.All(o => o.Id != f.Id)))
        {
            yield return $"ALTER TABLE {table} ADD COLUMN {d.Quote(added.Name)} {ColumnType(added, d)} NULL";
        }

        foreach (var (name, sql) in newIndexes.Where(i => !oldIndexes.ContainsKey(i.Key)))
        {
            yield return sql;
        }
    }

    public static string ColumnType(FieldDefinition field, SqlDialect d) => field switch
    {
        { IsMultiple: true } or { Type: FieldType.Json } => d.JsonType,
        { Type: FieldType.Number } => d.RealType,
        { Type: FieldType.Bool } => d.BooleanType,
        { Type: FieldType.Date } => d.DateType,
        { Type: FieldType.DateTime or FieldType.Autodate } => d.TimestampType,
        _ => "TEXT",
    };

    /// <summary>
    /// The indexes a collection should have, by name: <c>(created, id)</c> (the default order, so that a filtered page
    /// is read in index order and stops after a page instead of sorting the table), one per unique field, one per
    /// single relation (joins and on-delete lookups), and the declared ones.
    /// </summary>
    public static Dictionary<string, string> Indexes(CollectionDefinition c, SqlDialect d)
    {
        var table = d.Quote(c.Name);
        var result = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [$"ix_{c.Id}_created"] = $"CREATE INDEX {d.Quote($"ix_{c.Id}_created")} ON {table} (\"created\", \"id\")",
        };
        foreach (var field in c.Fields)
        {
            if (field.Unique)
            {
                result[$"ux_{field.Id}"] = $"CREATE UNIQUE INDEX {d.Quote($"ux_{field.Id}")} ON {table} ({d.IndexColumn(d.Quote(field.Name))})";
            }
            else if (field is { Type: FieldType.Relation, IsMultiple: false })
            {
                result[$"ix_{field.Id}"] = $"CREATE INDEX {d.Quote($"ix_{field.Id}")} ON {table} ({d.IndexColumn(d.Quote(field.Name))})";
            }
        }

        foreach (var index in c.Indexes)
        {
            // System columns (created, updated) are never null and sorted without a nulls clause.
            var columns = index.FieldIds.Select(id => c.Fields.FirstOrDefault(f => f.Id == id) is { } field ? d.IndexColumn(d.Quote(field.Name)) : d.Quote(id));
            result[index.Name] = $"CREATE {(index.Unique ? "UNIQUE " : "")}INDEX {d.Quote(index.Name)} ON {table} ({string.Join(", ", columns)})";
        }

        return result;
    }
}
