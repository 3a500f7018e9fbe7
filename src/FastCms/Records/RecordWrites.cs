using System.Data.Common;
using System.Text;
using System.Text.Json.Nodes;
using FastCms.Collections;
using FastCms.Data;
using FastCms.Events;
using FastCms.Hosting;
using FastCms.Plugins.Events;
using FastCms.Records.Query;

namespace FastCms.Records;

// Create and update: validate, run before-hooks, validate again, write, check rules, publish on commit.
public sealed partial class RecordService
{
    public const int MaxBatch = 100;

    public Task<RecordView> CreateAsync(RecordCaller caller, string collectionName, JsonObject data, CancellationToken cancellationToken) =>
        WithSchemaAsync(schema =>
        {
            var collection = ResolveForCreate(schema, collectionName, caller);
            var values = RecordInput.ForCreate(collection, data);
            return database.WriteAsync(session => CreateCoreAsync(session, schema, collection, caller, data, values, cancellationToken), cancellationToken);
        }, cancellationToken);

    /// <summary>Creates up to <see cref="MaxBatch"/> records in one transaction: all of them, or none.</summary>
    public Task<IReadOnlyList<RecordView>> CreateManyAsync(
        RecordCaller caller, string collectionName, IReadOnlyList<JsonObject> items, CancellationToken cancellationToken) =>
        WithSchemaAsync(schema =>
        {
            var collection = ResolveForCreate(schema, collectionName, caller);
            if (items.Count is 0 or > MaxBatch)
            {
                throw new RecordValidationException(Errors("records", $"Send between 1 and {MaxBatch} records."));
            }

            var errors = new FieldErrors();
            var values = new object?[items.Count][];
            for (var i = 0; i < items.Count; i++)
            {
                try
                {
                    values[i] = RecordInput.ForCreate(collection, items[i], $"records[{i}].");
                }
                catch (RecordValidationException e)
                {
                    foreach (var (key, messages) in e.Errors.ToDictionary())
                    {
                        Array.ForEach(messages, m => errors.Add(key, m));
                    }
                }
            }

            if (errors.Any)
            {
                throw new RecordValidationException(errors);
            }

            return database.WriteAsync<IReadOnlyList<RecordView>>(async session =>
            {
                var created = new List<RecordView>(items.Count);
                for (var i = 0; i < items.Count; i++)
                {
                    try
                    {
                        created.Add(await CreateCoreAsync(session, schema, collection, caller, items[i], values[i], cancellationToken));
                    }
                    catch (RecordValidationException e)
                    {
                        throw new RecordValidationException(Prefixed(e.Errors, $"records[{i}]."));
                    }
                    catch (RecordRejectedException e)
                    {
                        throw new RecordRejectedException($"Record {i}: {e.Message}");
                    }
                }

                return created;
            }, cancellationToken);
        }, cancellationToken);

    public Task<RecordView?> UpdateAsync(RecordCaller caller, string collectionName, string id, JsonObject data, CancellationToken cancellationToken) =>
        WithSchemaAsync(schema =>
        {
            var collection = Resolve(schema, collectionName);
            if (!RandomId.IsValid(id) || (!caller.BypassesRules && collection.UpdateRule.IsAdminsOnly))
            {
                return Task.FromResult<RecordView?>(null);
            }

            var patch = RecordInput.ForUpdate(collection, data);
            return database.WriteAsync(session => UpdateCoreAsync(session, schema, collection, caller, id, data, patch, cancellationToken), cancellationToken);
        }, cancellationToken);

    private CompiledCollection ResolveForCreate(SchemaSnapshot schema, string collectionName, RecordCaller caller)
    {
        var collection = Resolve(schema, collectionName);
        return !caller.BypassesRules && collection.CreateRule.IsAdminsOnly
            ? throw new RecordProblemException(StatusCodes.Status403Forbidden, $"Only admins may create records in '{collection.Name}'.")
            : collection;
    }

    private async Task<RecordView> CreateCoreAsync(
        DbSession session, SchemaSnapshot schema, CompiledCollection collection, RecordCaller caller, JsonObject submitted, object?[] values, CancellationToken cancellationToken)
    {
        HookDepth.EnsureWithinLimit(collection.Name);
        var id = RandomId.New();
        if (await pipeline.RunBeforeHooksAsync(session, RecordOperation.Create, collection, id, RecordInput.ToJson(collection, values), null, caller, cancellationToken) is { } changed)
        {
            values = RecordInput.ForCreate(collection, changed);
        }

        var now = Now();
        for (var i = 0; i < values.Length; i++)
        {
            if (collection.Fields[i] is { Type: FieldType.Autodate, OnCreate: true })
            {
                values[i] = now;
            }
        }

        await CheckRelationsAsync(session, schema, collection, Enumerable.Range(0, values.Length).Select(i => (i, values[i])), cancellationToken);
        var dialect = database.Dialect;
        await using (var insert = session.CreateCommand(collection.InsertSql))
        {
            insert.AddParameter("id", id).AddParameter("created", dialect.Timestamp(now)).AddParameter("updated", dialect.Timestamp(now));
            for (var i = 0; i < values.Length; i++)
            {
                insert.AddParameter(CompiledCollection.ParameterName(i)[1..], FieldValues.ToParameter(collection.Fields[i], values[i], dialect));
            }

            await ExecuteWriteAsync(insert, collection, cancellationToken);
        }

        if (!caller.BypassesRules && collection.CreateRule.Expression is { } rule
            && !await MatchesRuleAsync(session, schema, collection, id, rule, caller.Request(submitted), now, cancellationToken))
        {
            throw new RecordProblemException(StatusCodes.Status403Forbidden, $"The create rule of '{collection.Name}' does not allow this record.");
        }

        var view = new RecordView(collection, id, now, now, values, Projection.Public(collection))
        {
            Withheld = !await MayViewAsync(session, schema, collection, caller, id, cancellationToken),
        };
        pipeline.PublishOnCommit(session, RecordOperation.Create, view, null, caller, now);
        return view;
    }

    private async Task<RecordView?> UpdateCoreAsync(
        DbSession session, SchemaSnapshot schema, CompiledCollection collection, RecordCaller caller, string id, JsonObject submitted, RecordPatch patch, CancellationToken cancellationToken)
    {
        HookDepth.EnsureWithinLimit(collection.Name);
        var previous = await LoadForUpdateAsync(session, schema, collection, caller, id, submitted, patch, cancellationToken);
        if (previous is null)
        {
            return null;
        }

        if (await pipeline.RunBeforeHooksAsync(session, RecordOperation.Update, collection, id, RecordInput.ToJson(collection, patch), previous, caller, cancellationToken) is { } changed)
        {
            patch = RecordInput.ForUpdate(collection, changed);
        }

        var now = Now();
        for (var i = 0; i < collection.Fields.Length; i++)
        {
            if (collection.Fields[i] is { Type: FieldType.Autodate, OnUpdate: true })
            {
                patch.Sets.Add((i, now));
            }
        }

        await CheckRelationsAsync(session, schema, collection, patch.Sets, cancellationToken);
        var dialect = database.Dialect;
        var sql = new StringBuilder($"UPDATE {collection.Table} SET \"updated\" = @updated");
        await using var update = session.CreateCommand("");
        update.AddParameter("id", id).AddParameter("updated", dialect.Timestamp(now));
        foreach (var (field, value) in patch.Sets)
        {
            var name = CompiledCollection.ParameterName(field);
            sql.Append(", ").Append(collection.Columns[field]).Append(" = ").Append(FieldValues.IsJsonStored(collection.Fields[field]) ? dialect.JsonValue(name) : name);
            update.AddParameter(name[1..], FieldValues.ToParameter(collection.Fields[field], value, dialect));
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
            throw new RecordValidationException(UniqueErrors(collection, e));
        }

        CheckModifiedBounds(collection, patch, view);
        view.Withheld = !await MayViewAsync(session, schema, collection, caller, id, cancellationToken);
        pipeline.PublishOnCommit(session, RecordOperation.Update, view, previous, caller, now);
        return view;
    }
}
