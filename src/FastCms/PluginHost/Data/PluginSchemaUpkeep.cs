using FastCms.Data;
using FastCms.Plugins.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace FastCms.PluginHost.Data;

/// <summary>The outcome of a plugin's schema upkeep: an error that keeps the plugin from activating, and its tables.</summary>
internal sealed record SchemaResult(string? Error, IReadOnlyList<string> Tables);

/// <summary>
/// Brings a plugin's tables to its model at startup, before the plugin becomes active: runs its pending explicit
/// migrations, then creates missing tables, columns and indexes, all in one transaction (serialised across instances
/// on PostgreSQL). Changes that could lose or convert data are refused with a message saying what to do; then nothing
/// is applied and the plugin fails. When the plugin's assembly and migrations are what was applied last time, the
/// model is not even built.
/// </summary>
internal sealed class PluginSchemaUpkeep(
    Database database, PluginDatabases databases, PluginSchemaStore store, TimeProvider clock, ILogger<PluginSchemaUpkeep> logger)
{
    // Arbitrary constant; identifies the plugin schema lock among PostgreSQL advisory locks.
    private const long LockKey = 0x46_43_4D_53_05;

    // PostgreSQL truncates longer identifiers; refused on both databases so that a plugin works on either.
    private const int MaxIdentifierLength = 63;

    private static readonly string EngineKey = $"efcore {typeof(DbContext).Assembly.GetName().Version}, upkeep 1";

    public async Task<SchemaResult> ApplyAsync(
        string pluginId, PluginDatabaseBinding? binding, IReadOnlyList<PluginMigrationEntry> migrations, Guid assemblyVersion, CancellationToken cancellationToken)
    {
        if (binding is null && migrations.Count == 0)
        {
            return new SchemaResult(null, []);
        }

        var key = $"{assemblyVersion:N} ({EngineKey})";
        if (store.IsCurrent(pluginId, key, migrations, out var current))
        {
            return new SchemaResult(null, Tables(current!.Snapshot));
        }

        try
        {
            var state = await database.WriteAsync(
                session => ApplyLockedAsync(session, pluginId, binding ?? PluginDatabaseBinding.Empty(pluginId), binding is not null, migrations, key, cancellationToken),
                cancellationToken);
            store.Remember(pluginId, state, migrations.Select(m => m.Version));
            return new SchemaResult(null, Tables(state.Snapshot));
        }
        catch (SchemaRefusedException e)
        {
            return new SchemaResult(e.Message, []);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(e, "Schema upkeep of plugin {PluginId} failed", pluginId);
            return new SchemaResult($"Updating the plugin's tables failed: {e.Message} Nothing was changed.", []);
        }
    }

    private async Task<PluginSchemaState> ApplyLockedAsync(
        DbSession session, string pluginId, PluginDatabaseBinding binding, bool hasModel, IReadOnlyList<PluginMigrationEntry> migrations, string key,
        CancellationToken cancellationToken)
    {
        await session.Dialect.LockAsync(session, LockKey, cancellationToken);
        var (state, applied) = await PluginSchemaStore.ReadAsync(session, pluginId, cancellationToken);
        var pending = migrations.Where(m => !applied.Contains(m.Version)).OrderBy(m => m.Version).ToList();
        if (state is not null && state.ModelKey == key && pending.Count == 0)
        {
            return state;
        }

        var now = clock.GetUtcNow();
        await using var context = databases.Create(binding);
        foreach (var migration in pending)
        {
            // On a database without the plugin's tables the current model creates them; old migrations have nothing to change.
            if (state is not null)
            {
                await RunAsync(migration, context, cancellationToken);
                logger.LogInformation("Plugin {PluginId}: applied migration {Version} ({Description})", pluginId, migration.Version, migration.Description);
            }

            await PluginSchemaStore.RecordMigrationAsync(session, pluginId, migration, ran: state is not null, now, cancellationToken);
        }

        var model = hasModel ? context.GetService<IDesignTimeModel>().Model : null;
        var target = model is null ? ModelSnapshot.Empty : ModelSnapshot.From(model.GetRelationalModel());
        var previous = state?.Snapshot ?? ModelSnapshot.Empty;
        var live = await LiveSchema.ReadAsync(session, target.Tables.Concat(previous.Tables).Select(t => t.Name), cancellationToken);
        var plan = SchemaPlan.Create(target, previous, live);
        plan.Problems.AddRange(LongNames(target));
        if (plan.Problems.Count > 0)
        {
            throw new SchemaRefusedException(
                $"The plugin's model needs database changes the host does not make on its own: {string.Join(" ", plan.Problems)}");
        }

        if (!plan.IsEmpty)
        {
            foreach (var command in Generate(context, model!, plan))
            {
                await using var ddl = session.CreateCommand(command.CommandText);
                await ddl.ExecuteNonQueryAsync(cancellationToken);
            }

            logger.LogInformation(
                "Plugin {PluginId}: created {Tables} table(s), {Columns} column(s) and {Indexes} index(es)",
                pluginId, plan.CreateTables.Count, plan.AddColumns.Count, plan.CreateIndexes.Count);
        }

        var result = new PluginSchemaState(key, target);
        await PluginSchemaStore.SaveStateAsync(session, pluginId, result, now, cancellationToken);
        return result;
    }

    private static async Task RunAsync(PluginMigrationEntry migration, PluginDbContext context, CancellationToken cancellationToken)
    {
        try
        {
            await migration.Up(context, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new SchemaRefusedException(
                $"Migration {migration.Version} ({migration.Description}) threw {e.GetType().Name}: {e.Message} Nothing was changed; it runs again at the next start.");
        }
    }

    /// <summary>The DDL for the plan, written by EF Core's own migrations SQL generator for the database in use.</summary>
    private static IReadOnlyList<MigrationCommand> Generate(PluginDbContext context, IModel model, SchemaPlan plan)
    {
        var full = context.GetService<IMigrationsModelDiffer>().GetDifferences(null, model.GetRelationalModel());
        var creates = full.OfType<CreateTableOperation>().ToDictionary(t => t.Name, StringComparer.Ordinal);
        var indexes = full.OfType<CreateIndexOperation>().ToDictionary(i => i.Name, StringComparer.Ordinal);
        var operations = new List<MigrationOperation>();
        operations.AddRange(full.Where(op =>
            (op is CreateTableOperation table && plan.CreateTables.Contains(table.Name))
            || (op is CreateIndexOperation index && plan.CreateTables.Contains(index.Table))));
        foreach (var (table, column) in plan.AddColumns)
        {
            var add = creates[table].Columns.Single(c => c.Name == column);
            add.Table = table;
            if (!add.IsNullable && add.DefaultValue is null && add.DefaultValueSql is null && add.ComputedColumnSql is null)
            {
                // Existing rows need a value; it is the CLR default of the property, as EF Core migrations do.
                add.DefaultValue = DefaultFor(model.GetRelationalModel().FindTable(table, null)!.FindColumn(column)!);
            }

            operations.Add(add);
        }

        operations.AddRange(plan.DropIndexes.Select(i => new DropIndexOperation { Name = i.Index, Table = i.Table }));
        operations.AddRange(plan.CreateIndexes.Select(i => indexes[i.Index]));
        return context.GetService<IMigrationsSqlGenerator>().Generate(operations, model);
    }

    private static object? DefaultFor(IColumn column)
    {
        var mapping = column.PropertyMappings.First();
        var type = Nullable.GetUnderlyingType(mapping.Property.ClrType) ?? mapping.Property.ClrType;
        object? value = type == typeof(string) ? "" : type == typeof(byte[]) ? Array.Empty<byte>() : type.IsValueType ? Activator.CreateInstance(type) : null;
        return value is not null && mapping.TypeMapping.Converter is { } converter ? converter.ConvertToProvider(value) : value;
    }

    private static IEnumerable<string> LongNames(ModelSnapshot target) =>
        target.Tables
            .SelectMany(t => new[] { t.Name }.Concat(t.Columns.Select(c => c.Name)).Concat(t.Indexes.Select(i => i.Name)))
            .Where(name => name.Length > MaxIdentifierLength)
            .Select(name => $"The name '{name}' is longer than {MaxIdentifierLength} characters; choose a shorter entity, property or index name.");

    private static IReadOnlyList<string> Tables(ModelSnapshot snapshot) => [.. snapshot.Tables.Select(t => t.Name)];

    private sealed class SchemaRefusedException(string message) : Exception(message);
}
