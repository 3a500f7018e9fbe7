using System.Data.Common;
using System.Text;
using System.Text.Json.Nodes;
using FastCms.Collections;
using FastCms.Data;
using FastCms.Plugins.Events;
using FastCms.Records.Files;

namespace FastCms.Records;

/// <summary>Updating a record through the <see cref="RecordWritePipeline"/>.</summary>
internal sealed class RecordUpdates(Database database, RecordWriteChecks checks, RecordWritePipeline pipeline, RecordFiles files)
{
    private RecordWriteChecks Checks => checks;

    private RecordFiles Files => files;

    private SqlDialect Dialect => database.Dialect;

    public Task<RecordView?> UpdateAsync(
        SchemaSnapshot schema, CompiledCollection collection, RecordCaller caller, string id, JsonObject data, CancellationToken cancellationToken)
    {
        if (!RandomId.IsValid(id) || (!caller.BypassesRules && collection.UpdateRule.IsAdminsOnly))
        {
            return Task.FromResult<RecordView?>(null);
        }

        var patch = RecordInput.ForUpdate(collection, data);
        return database.WriteInGroupAsync(session => UpdateCoreAsync(session, schema, collection, caller, id, data, patch, cancellationToken), cancellationToken);
    }

    /// <summary>Updates a record inside <paramref name="session"/>; also how deleting a record sets relations to it to null.</summary>
    public Task<RecordView?> UpdateCoreAsync(
        DbSession session, SchemaSnapshot schema, CompiledCollection collection, RecordCaller caller, string id, JsonObject submitted, RecordPatch patch, CancellationToken cancellationToken) =>
        pipeline.RunAsync(session, new UpdateWrite(this, schema, collection, caller, id, submitted, patch), cancellationToken);

    /// <summary>An update's part of the pipeline: the patch as submitted (and as the hooks left it), one UPDATE … RETURNING.</summary>
    private sealed class UpdateWrite(
        RecordUpdates owner, SchemaSnapshot schema, CompiledCollection collection, RecordCaller caller, string id, JsonObject submitted, RecordPatch patch) : IRecordWrite
    {
        private RecordPatch _patch = patch;

        public RecordOperation Operation => RecordOperation.Update;

        public CompiledCollection Collection => collection;

        public string Id => id;

        public RecordCaller Caller => caller;

        public async Task<RecordView?> LoadAsync(DbSession session, CancellationToken cancellationToken)
        {
            var previous = await owner.Checks.LoadForUpdateAsync(session, schema, collection, caller, id, submitted, _patch, cancellationToken);
            if (previous is not null)
            {
                RecordFiles.ApplyEdits(collection, _patch, previous.Values);
            }

            return previous;
        }

        public JsonObject HookData() => RecordInput.ToJson(collection, _patch);

        public void Accept(JsonObject changed, RecordView? previous)
        {
            _patch = RecordInput.ForUpdate(collection, changed, accepted: _patch);
            RecordFiles.ApplyEdits(collection, _patch, previous!.Values);
        }

        public async Task<RecordView> WriteAsync(DbSession session, RecordView? previous, DateTimeOffset now, CancellationToken cancellationToken)
        {
            var patch = _patch;
            var checks = owner.Checks;
            await owner.Files.OnWriteAsync(session, collection, id, previous!.Values, patch.Sets, cancellationToken);
            for (var i = 0; i < collection.Fields.Length; i++)
            {
                if (collection.Fields[i] is { Type: FieldType.Autodate, OnUpdate: true })
                {
                    patch.Sets.Add((i, now));
                }
            }

            await checks.CheckRelationsAsync(session, schema, collection, patch.Sets, cancellationToken);
            var dialect = owner.Dialect;
            var sql = new StringBuilder($"UPDATE {collection.Table} SET \"updated\" = @updated");
            await using var update = session.CreateCommand("");
            update.AddParameter("id", id).AddParameter("updated", dialect.Timestamp(now));
            foreach (var (field, value) in patch.Sets)
            {
                var name = CompiledCollection.ParameterName(field);
                sql.Append(", ").Append(collection.Columns[field]).Append(" = ").Append(FieldValues.IsJsonStored(collection.Fields[field]) ? dialect.JsonValue(name) : name);
                update.AddParameter(name, FieldValues.ToParameter(collection.Fields[field], value, dialect));
            }

            foreach (var (field, delta) in patch.Deltas)
            {
                var column = collection.Columns[field];
                sql.Append($", {column} = COALESCE({column}, 0) + @d{field}");
                update.AddParameter($"d{field}", delta);
            }

            update.CommandText = sql.Append($" WHERE \"id\" = @id RETURNING {collection.ReturningColumns}").ToString();
            RecordView view;
            try
            {
                await using var reader = await update.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                view = RecordQuery.ReadRow(reader, collection, collection.AllFields, Projection.Public(collection), dialect);
            }
            catch (DbException e) when (dialect.IsUniqueViolation(e))
            {
                throw new RecordValidationException(checks.UniqueErrors(collection, e));
            }

            RecordWriteChecks.CheckModifiedBounds(collection, patch, view);
            view.Withheld = !await checks.MayViewAsync(session, schema, collection, caller, id, cancellationToken);
            return view;
        }
    }
}
