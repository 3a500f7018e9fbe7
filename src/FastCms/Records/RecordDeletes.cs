using System.Text.Json.Nodes;
using FastCms.Collections;
using FastCms.Data;
using FastCms.Plugins.Events;
using FastCms.Records.Files;

namespace FastCms.Records;

/// <summary>
/// Deleting records through the <see cref="RecordWritePipeline"/>, and what that does to the records that point at them
/// (restrict, cascade, set null).
/// </summary>
internal sealed class RecordDeletes(Database database, RecordWriteChecks checks, RecordWritePipeline pipeline, RecordUpdates updates, RecordFiles files)
{
    private RecordWriteChecks Checks => checks;

    private RecordFiles Files => files;

    public Task<bool> DeleteAsync(SchemaSnapshot schema, CompiledCollection collection, RecordCaller caller, string id, CancellationToken cancellationToken)
    {
        if (!RandomId.IsValid(id) || (!caller.BypassesRules && collection.DeleteRule.IsAdminsOnly))
        {
            return Task.FromResult(false);
        }

        return database.WriteInGroupAsync(session => DeleteCoreAsync(session, schema, collection, caller, id, [], cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Applies the on-delete behaviour of every relation to users before user <paramref name="userId"/> is deleted, in
    /// the same transaction. Throws <see cref="RecordProblemException"/> (409) when a restricting relation holds it.
    /// </summary>
    public async Task OnUserDeletingAsync(DbSession session, SchemaSnapshot schema, string userId, EventActor actor, CancellationToken cancellationToken)
    {
        var caller = RecordCaller.ActingFor(actor);
        await ApplyReferencesAsync(session, schema, CollectionDefinition.UsersId, userId, caller, [$"{CollectionDefinition.UsersId}/{userId}"], cancellationToken);
    }

    private async Task<bool> DeleteCoreAsync(
        DbSession session, SchemaSnapshot schema, CompiledCollection collection, RecordCaller caller, string id, HashSet<string> visited, CancellationToken cancellationToken) =>
        await pipeline.RunAsync(session, new DeleteWrite(this, schema, collection, caller, id, visited), cancellationToken) is not null;

    /// <summary>
    /// A delete's part of the pipeline: the record must be visible under the delete rule; the relations that point at it
    /// are resolved (restrict, cascade, set null) before the DELETE, and its files go after commit.
    /// </summary>
    private sealed class DeleteWrite(
        RecordDeletes owner, SchemaSnapshot schema, CompiledCollection collection, RecordCaller caller, string id, HashSet<string> visited) : IRecordWrite
    {
        public RecordOperation Operation => RecordOperation.Delete;

        public CompiledCollection Collection => collection;

        public string Id => id;

        public RecordCaller Caller => caller;

        public Task<RecordView?> LoadAsync(DbSession session, CancellationToken cancellationToken) =>
            owner.Checks.LoadForWriteAsync(session, schema, collection, caller, id, collection.DeleteRule, null, cancellationToken);

        public JsonObject HookData() => [];

        // A before-hook can veto a delete but has no data to change.
        public void Accept(JsonObject changed, RecordView? previous)
        {
        }

        public async Task<RecordView> WriteAsync(DbSession session, RecordView? previous, DateTimeOffset now, CancellationToken cancellationToken)
        {
            visited.Add($"{collection.Id}/{id}");
            await owner.ApplyReferencesAsync(session, schema, collection.Id, id, caller.Elevated(), visited, cancellationToken);
            await using (var delete = session.CreateCommand($"DELETE FROM {collection.Table} WHERE \"id\" = @id"))
            {
                delete.AddParameter("id", id);
                await delete.ExecuteNonQueryAsync(cancellationToken);
            }

            await owner.Files.OnDeletedAsync(session, collection, id, cancellationToken);
            return previous!;
        }
    }

    private async Task ApplyReferencesAsync(
        DbSession session, SchemaSnapshot schema, string targetCollectionId, string id, RecordCaller caller, HashSet<string> visited, CancellationToken cancellationToken)
    {
        foreach (var (owner, index) in schema.ReferencesTo(targetCollectionId))
        {
            var field = owner.Fields[index];
            var referencing = await FindReferencingAsync(session, owner, index, id, cancellationToken);
            referencing.RemoveAll(r => visited.Contains($"{owner.Id}/{r.Id}"));
            if (referencing.Count == 0)
            {
                continue;
            }

            switch (field.OnDelete)
            {
                case OnDelete.Restrict:
                    throw new RecordProblemException(StatusCodes.Status409Conflict,
                        $"'{id}' is referenced by {referencing.Count} record(s) through {owner.Name}.{field.Name}; change or delete those first.");
                case OnDelete.Cascade:
                    foreach (var (recordId, _) in referencing)
                    {
                        if (!visited.Contains($"{owner.Id}/{recordId}"))
                        {
                            await DeleteCoreAsync(session, schema, owner, caller, recordId, visited, cancellationToken);
                        }
                    }

                    break;
                case OnDelete.SetNull:
                    foreach (var (recordId, current) in referencing)
                    {
                        var remaining = current is string[] many ? many.Where(v => v != id).ToArray() : null;
                        var data = new JsonObject { [field.Name] = FieldValues.ToNode(field, remaining is { Length: > 0 } ? remaining : null) };
                        await updates.UpdateCoreAsync(session, schema, owner, caller, recordId, data, RecordInput.ForUpdate(owner, data), cancellationToken);
                    }

                    break;
            }
        }
    }

    /// <summary>Records of <paramref name="owner"/> whose relation field points at <paramref name="id"/>, with the field's value.</summary>
    private async Task<List<(string Id, object? Value)>> FindReferencingAsync(
        DbSession session, CompiledCollection owner, int index, string id, CancellationToken cancellationToken)
    {
        var field = owner.Fields[index];
        var column = $"t.{owner.Columns[index]}";
        var condition = field.IsMultiple
            ? $"EXISTS (SELECT 1 FROM {database.Dialect.JsonArrayElements(column, "e")} WHERE e.value = @target)"
            : $"{column} = @target";
        await using var command = session.CreateCommand($"SELECT t.\"id\", {column} FROM {owner.Table} t WHERE {condition}");
        command.AddParameter("target", id);
        var result = new List<(string, object?)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add((reader.GetString(0), FieldValues.Read(reader, 1, field, database.Dialect)));
        }

        return result;
    }
}
