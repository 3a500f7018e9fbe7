using System.Data.Common;
using System.Text.Json;
using FastCms.Data;
using FastCms.Events;
using FastCms.Kernel;
using FastCms.Outbox;
using FastCms.Plugins.Events;
using FastCms.Records.Files;
using FastCms.Records.Query;

namespace FastCms.Collections;

/// <summary>What a collection change came to: the collection, or why not.</summary>
internal sealed record CollectionOutcome(CollectionDefinition? Collection, SchemaSnapshot? Schema, FieldErrors? Errors = null, string? Conflict = null, bool NotFound = false)
{
    public static CollectionOutcome Missing { get; } = new(null, null, NotFound: true);
}

/// <summary>
/// Creates, changes and deletes collections: metadata row, table DDL and schema version in one transaction,
/// serialised across instances, followed by a <see cref="CollectionEvent"/> and a new cached snapshot on commit.
/// </summary>
internal sealed class CollectionService(Database database, SchemaCache cache, EventQueue events, OutboxWriter outbox, TimeProvider clock, RecordFiles files)
{
    // Serialises schema changes across instances on PostgreSQL (SQLite serialises all writers anyway).
    private const long SchemaLockKey = 0x46_43_4D_53_03;

    public Task<CollectionOutcome> CreateAsync(CollectionRequest request, JsonElement body, EventActor actor, CancellationToken cancellationToken) =>
        ChangeAsync(null, request, body, actor, cancellationToken);

    public Task<CollectionOutcome> UpdateAsync(string idOrName, CollectionRequest request, JsonElement body, EventActor actor, CancellationToken cancellationToken) =>
        ChangeAsync(idOrName, request, body, actor, cancellationToken);

    public Task<CollectionOutcome> DeleteAsync(string idOrName, EventActor actor, CancellationToken cancellationToken) =>
        database.WriteAsync(async session =>
        {
            var (all, version) = await LoadAsync(session, cancellationToken);
            if (Find(all, idOrName) is not { } existing)
            {
                return CollectionOutcome.Missing;
            }

            var referencing = all.Where(c => c.Id != existing.Id)
                .SelectMany(c => c.Fields.Where(f => f.TargetCollectionId == existing.Id).Select(f => $"{c.Name}.{f.Name}"))
                .ToList();
            if (referencing.Count > 0)
            {
                return new CollectionOutcome(null, null, Conflict:
                    $"Collection '{existing.Name}' is the target of the relation(s) {string.Join(", ", referencing)}; remove those fields first.");
            }

            var snapshot = new SchemaSnapshot(version + 1, all.Where(c => c.Id != existing.Id), database.Dialect);
            await files.OnCollectionDroppedAsync(session, existing, cancellationToken);
            await ExecuteAsync(session, SchemaMigrator.Drop(existing, database.Dialect), cancellationToken);
            await CollectionStore.DeleteAsync(session, existing.Id, cancellationToken);
            await CommitSchemaAsync(session, snapshot, new CollectionEvent(EventTypes.CollectionDeleted, existing.Name, existing.Id, null, actor, clock.GetUtcNow()), cancellationToken);
            return new CollectionOutcome(existing, snapshot);
        }, cancellationToken);

    private async Task<CollectionOutcome> ChangeAsync(string? idOrName, CollectionRequest request, JsonElement body, EventActor actor, CancellationToken cancellationToken)
    {
        try
        {
            return await ChangeCoreAsync(idOrName, request, body, actor, cancellationToken);
        }
        catch (CollectionChangeFailedException e)
        {
            return new CollectionOutcome(null, null, e.Errors);
        }
    }

    private Task<CollectionOutcome> ChangeCoreAsync(string? idOrName, CollectionRequest request, JsonElement body, EventActor actor, CancellationToken cancellationToken) =>
        database.WriteAsync(async session =>
        {
            var (all, version) = await LoadAsync(session, cancellationToken);
            CollectionDefinition? existing = null;
            if (idOrName is not null && (existing = Find(all, idOrName)) is null)
            {
                return CollectionOutcome.Missing;
            }

            var errors = new FieldErrors();
            var validator = new CollectionValidator(all, errors);
            var next = validator.Build(request, body, existing, clock.GetUtcNow());
            if (next is null)
            {
                return new CollectionOutcome(null, null, errors.Any ? errors : null, validator.Conflict);
            }

            if ((existing is null || !string.Equals(existing.Name, next.Name, StringComparison.OrdinalIgnoreCase)) && await TableExistsAsync(session, next.Name, cancellationToken))
            {
                return new CollectionOutcome(null, null, Conflict: $"The database already has a table named '{next.Name}'.");
            }

            var others = all.Where(c => c.Id != next.Id).ToList();
            var snapshot = new SchemaSnapshot(version + 1, [.. others, next], database.Dialect);
            CheckRules(snapshot, next.Id, errors);
            if (errors.Any)
            {
                return new CollectionOutcome(null, null, errors);
            }

            if (existing is not null)
            {
                await files.OnFieldsRemovingAsync(session, existing, existing.Fields.Where(f => next.Fields.All(n => n.Id != f.Id)), cancellationToken);
            }

            var ddl = existing is null ? SchemaMigrator.Create(next, database.Dialect) : SchemaMigrator.Alter(existing, next, database.Dialect);
            try
            {
                await ExecuteAsync(session, ddl, cancellationToken);
            }
            catch (DbException e) when (database.Dialect.IsUniqueViolation(e))
            {
                errors.Add("schema", "A unique index cannot be added: existing records have duplicate values in that field.");
                throw new CollectionChangeFailedException(errors);
            }

            if (existing is null)
            {
                await CollectionStore.InsertAsync(session, next, cancellationToken);
            }
            else
            {
                await CollectionStore.UpdateAsync(session, next, cancellationToken);
            }

            var type = existing is null ? EventTypes.CollectionCreated : EventTypes.CollectionUpdated;
            var previousName = existing is not null && existing.Name != next.Name ? existing.Name : null;
            await CommitSchemaAsync(session, snapshot, new CollectionEvent(type, next.Name, next.Id, previousName, actor, clock.GetUtcNow()), cancellationToken);
            return new CollectionOutcome(next, snapshot);
        }, cancellationToken);

    private async Task<(List<CollectionDefinition> All, long Version)> LoadAsync(DbSession session, CancellationToken cancellationToken)
    {
        await database.Dialect.LockAsync(session, SchemaLockKey, cancellationToken);
        var lease = session.Lease();
        return (await CollectionStore.LoadAllAsync(lease, database.Dialect, cancellationToken), await CollectionStore.ReadVersionAsync(lease, cancellationToken));
    }

    private static CollectionDefinition? Find(List<CollectionDefinition> all, string idOrName) =>
        all.FirstOrDefault(c => c.Id == idOrName) ?? all.FirstOrDefault(c => c.Name == idOrName);

    private async Task CommitSchemaAsync(DbSession session, SchemaSnapshot snapshot, CollectionEvent change, CancellationToken cancellationToken)
    {
        await CollectionStore.BumpVersionAsync(session, cancellationToken);
        events.PublishOnCommit(session, change);
        outbox.Append(session, change);
        session.OnCommitted(() => cache.Set(snapshot));
    }

    // A change may break rules anywhere: a renamed field can be part of another collection's dotted path.
    private static void CheckRules(SchemaSnapshot snapshot, string changedId, FieldErrors errors)
    {
        foreach (var collection in snapshot.Collections.Where(c => !c.IsUsers))
        {
            foreach (var (property, rule) in new[]
            {
                ("list_rule", collection.ListRule), ("view_rule", collection.ViewRule), ("create_rule", collection.CreateRule),
                ("update_rule", collection.UpdateRule), ("delete_rule", collection.DeleteRule),
            })
            {
                if (rule.Expression is null)
                {
                    continue;
                }

                try
                {
                    var compiler = new FilterCompiler(snapshot, collection, snapshot.Dialect, new SqlBuilder(), RequestValues.Placeholder, trusted: true, DateTimeOffset.UnixEpoch);
                    compiler.Emit(rule.Expression);
                }
                catch (FilterException e)
                {
                    errors.Add(collection.Id == changedId ? property : $"{collection.Name}.{property}",
                        collection.Id == changedId ? e.Message : $"This change breaks the {property} of '{collection.Name}': {e.Message}");
                }
            }
        }
    }

    private static async Task ExecuteAsync(DbSession session, IEnumerable<string> statements, CancellationToken cancellationToken)
    {
        foreach (var sql in statements)
        {
            await using var command = session.CreateCommand(sql);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task<bool> TableExistsAsync(DbSession session, string name, CancellationToken cancellationToken)
    {
        await using var command = session.CreateCommand(database.Dialect.TableExistsSql);
        command.AddParameter("name", name);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }
}

/// <summary>The DDL itself refused the change (for example duplicates under a new unique index); thrown to roll back.</summary>
internal sealed class CollectionChangeFailedException(FieldErrors errors) : Exception("The schema change was refused by the database.")
{
    public FieldErrors Errors { get; } = errors;
}
