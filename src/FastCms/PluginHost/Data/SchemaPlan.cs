namespace FastCms.PluginHost.Data;

/// <summary>
/// What it takes to bring the database to a plugin's model: the additive steps the host applies by itself, and the
/// changes it refuses to make on its own (each with what to do instead). Data is never dropped or converted here.
/// </summary>
internal sealed class SchemaPlan
{
    public List<string> CreateTables { get; } = [];

    public List<(string Table, string Column)> AddColumns { get; } = [];

    public List<(string Table, string Index)> DropIndexes { get; } = [];

    public List<(string Table, string Index)> CreateIndexes { get; } = [];

    public List<string> Problems { get; } = [];

    public bool IsEmpty => CreateTables.Count + AddColumns.Count + DropIndexes.Count + CreateIndexes.Count == 0;

    /// <param name="target">The tables the plugin's model maps to now.</param>
    /// <param name="applied">The tables the host created for the plugin before (its own tables).</param>
    /// <param name="live">Those of the tables that exist in the database.</param>
    public static SchemaPlan Create(ModelSnapshot target, ModelSnapshot applied, IReadOnlyDictionary<string, TableShape> live)
    {
        var plan = new SchemaPlan();
        foreach (var table in target.Tables)
        {
            var owned = applied.Table(table.Name);
            if (!live.TryGetValue(table.Name, out var existing))
            {
                plan.CreateTables.Add(table.Name);
                continue;
            }

            if (owned is null)
            {
                plan.Problems.Add(
                    $"Table '{table.Name}' for {table.Entity} already exists and does not belong to this plugin (it may be a collection or another plugin's table). " +
                    $"Map {table.Entity} to another name with [Table(\"...\")] or ToTable(\"...\").");
                continue;
            }

            plan.CompareColumns(table, existing);
            plan.CompareIndexes(table, owned, existing);
        }

        foreach (var gone in applied.Tables.Where(t => target.Table(t.Name) is null && live.ContainsKey(t.Name)))
        {
            plan.Problems.Add(
                $"Table '{gone.Name}' ({gone.Entity}) is no longer in the model; the table and its data are kept. " +
                $"Restore the entity, or drop the table in a migration: ctx.Migrations.Add(<next version>, \"Drop {gone.Name}\", db => db.Database.ExecuteSqlRawAsync(\"DROP TABLE {gone.Name}\")).");
        }

        return plan;
    }

    private void CompareColumns(TableShape table, TableShape existing)
    {
        var added = table.Columns.Where(c => existing.Column(c.Name) is null).ToList();
        var removed = existing.Columns.Where(c => table.Column(c.Name) is null).ToList();
        AddColumns.AddRange(added.Select(c => (table.Name, c.Name)));
        foreach (var column in removed)
        {
            var renamedTo = added.Where(a => ModelSnapshot.SameType(a.Type, column.Type)).Select(a => a.Name).FirstOrDefault();
            var rename = renamedTo is null ? "" :
                $" If it was renamed to '{renamedTo}', rename it in a migration: ALTER TABLE {table.Name} RENAME COLUMN {column.Name} TO {renamedTo}.";
            Problems.Add(
                $"Column '{column.Name}' of table '{table.Name}' is no longer in the model (a property of {table.Entity} was removed or renamed); the column and its data are kept. " +
                $"Restore the property, or drop the column in a migration: ctx.Migrations.Add(<next version>, \"Drop {column.Name}\", db => db.Database.ExecuteSqlRawAsync(\"ALTER TABLE {table.Name} DROP COLUMN {column.Name}\")).{rename}");
        }

        foreach (var column in table.Columns)
        {
            if (existing.Column(column.Name) is not { } current)
            {
                continue;
            }

            if (!ModelSnapshot.SameType(current.Type, column.Type))
            {
                Problems.Add(
                    $"Column '{column.Name}' of table '{table.Name}' ({table.Entity}.{column.Property}) changed type from {current.Type} to {column.Type}; values are never converted silently. " +
                    "Restore the property's type, or convert the column in a migration (for example add a new column, copy the converted values, drop the old one).");
            }
            else if (current.Nullable != column.Nullable)
            {
                Problems.Add(
                    $"Column '{column.Name}' of table '{table.Name}' ({table.Entity}.{column.Property}) changed from {(current.Nullable ? "NULL" : "NOT NULL")} to {(column.Nullable ? "NULL" : "NOT NULL")}. " +
                    "Restore the property's nullability, or change the column in a migration (filling in missing values first).");
            }
        }
    }

    private void CompareIndexes(TableShape table, TableShape owned, TableShape existing)
    {
        foreach (var index in table.Indexes)
        {
            var current = existing.Indexes.FirstOrDefault(i => i.Name == index.Name);
            if (current is not null && !current.SameDefinition(index))
            {
                DropIndexes.Add((table.Name, index.Name));
            }

            if (current is null || !current.SameDefinition(index))
            {
                CreateIndexes.Add((table.Name, index.Name));
            }
        }

        // Indexes hold no data; those the host created and the model no longer declares are dropped.
        foreach (var index in owned.Indexes.Where(i => table.Indexes.All(t => t.Name != i.Name) && existing.Indexes.Any(e => e.Name == i.Name)))
        {
            DropIndexes.Add((table.Name, index.Name));
        }
    }
}
