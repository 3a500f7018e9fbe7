using System.Text.Json.Nodes;
using FastCms.Collections;
using FastCms.Data;
using FastCms.Kernel;
using FastCms.Plugins.Events;
using FastCms.Records.Files;

namespace FastCms.Records;

/// <summary>Creating records, one or a batch, through the <see cref="RecordWritePipeline"/>.</summary>
internal sealed class RecordCreates(Database database, RecordWriteChecks checks, RecordWritePipeline pipeline, RecordFiles files)
{
    public const int MaxBatch = 100;

    private RecordWriteChecks Checks => checks;

    private RecordFiles Files => files;

    private SqlDialect Dialect => database.Dialect;

    public Task<RecordView> CreateAsync(
        SchemaSnapshot schema, CompiledCollection collection, RecordCaller caller, JsonObject data, CancellationToken cancellationToken)
    {
        EnsureMayCreate(collection, caller);
        var values = RecordInput.ForCreate(collection, data);
        return database.WriteInGroupAsync(session => CreateCoreAsync(session, schema, collection, caller, data, values, cancellationToken), cancellationToken);
    }

    /// <summary>Creates up to <see cref="MaxBatch"/> records in one transaction: all of them, or none.</summary>
    public Task<IReadOnlyList<RecordView>> CreateManyAsync(
        SchemaSnapshot schema, CompiledCollection collection, RecordCaller caller, IReadOnlyList<JsonObject> items, CancellationToken cancellationToken)
    {
        EnsureMayCreate(collection, caller);
        if (items.Count is 0 or > MaxBatch)
        {
            throw new RecordValidationException(RecordWriteChecks.Errors("records", $"Send between 1 and {MaxBatch} records."));
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
                    throw new RecordValidationException(RecordWriteChecks.Prefixed(e.Errors, $"records[{i}]."));
                }
                catch (RecordRejectedException e)
                {
                    throw new RecordRejectedException($"Record {i}: {e.Message}");
                }
            }

            return created;
        }, cancellationToken);
    }

    private static void EnsureMayCreate(CompiledCollection collection, RecordCaller caller)
    {
        if (!caller.BypassesRules && collection.CreateRule.IsAdminsOnly)
        {
            throw new RecordProblemException(StatusCodes.Status403Forbidden, $"Only admins may create records in '{collection.Name}'.");
        }
    }

    private async Task<RecordView> CreateCoreAsync(
        DbSession session, SchemaSnapshot schema, CompiledCollection collection, RecordCaller caller, JsonObject submitted, object?[] values, CancellationToken cancellationToken)
    {
        var id = UploadScope.ReservedId(collection.Id) ?? RandomId.New();
        var write = new CreateWrite(this, schema, collection, caller, id, submitted, values);
        return (await pipeline.RunAsync(session, write, cancellationToken))!;
    }

    /// <summary>A create's part of the pipeline: the values as submitted (and as the hooks left them), one INSERT.</summary>
    private sealed class CreateWrite(
        RecordCreates owner, SchemaSnapshot schema, CompiledCollection collection, RecordCaller caller, string id, JsonObject submitted, object?[] values) : IRecordWrite
    {
        private object?[] _values = values;

        public RecordOperation Operation => RecordOperation.Create;

        public CompiledCollection Collection => collection;

        public string Id => id;

        public RecordCaller Caller => caller;

        public Task<RecordView?> LoadAsync(DbSession session, CancellationToken cancellationToken) => Task.FromResult<RecordView?>(null);

        public JsonObject HookData() => RecordInput.ToJson(collection, _values);

        public void Accept(JsonObject changed, RecordView? previous) => _values = RecordInput.ForCreate(collection, changed, accepted: _values);

        public async Task<RecordView> WriteAsync(DbSession session, RecordView? previous, DateTimeOffset now, CancellationToken cancellationToken)
        {
            var values = _values;
            for (var i = 0; i < values.Length; i++)
            {
                if (collection.Fields[i] is { Type: FieldType.Autodate, OnCreate: true })
                {
                    values[i] = now;
                }
            }

            var checks = owner.Checks;
            await owner.Files.OnWriteAsync(session, collection, id, null, values.Select((v, i) => (i, v)), cancellationToken);
            await checks.CheckRelationsAsync(session, schema, collection, Enumerable.Range(0, values.Length).Select(i => (i, values[i])), cancellationToken);
            var dialect = owner.Dialect;
            await using (var insert = session.CreateCommand(collection.InsertSql))
            {
                insert.AddParameter("id", id).AddParameter("created", dialect.Timestamp(now)).AddParameter("updated", dialect.Timestamp(now));
                for (var i = 0; i < values.Length; i++)
                {
                    insert.AddParameter(CompiledCollection.ParameterName(i), FieldValues.ToParameter(collection.Fields[i], values[i], dialect));
                }

                await checks.ExecuteWriteAsync(insert, collection, cancellationToken);
            }

            if (!caller.BypassesRules && collection.CreateRule.Expression is { } rule
                && !await checks.MatchesRuleAsync(session, schema, collection, id, rule, caller.Request(submitted), now, cancellationToken))
            {
                throw new RecordProblemException(StatusCodes.Status403Forbidden, $"The create rule of '{collection.Name}' does not allow this record.");
            }

            return new RecordView(collection, id, now, now, values, Projection.Public(collection))
            {
                Withheld = !await checks.MayViewAsync(session, schema, collection, caller, id, cancellationToken),
            };
        }
    }
}
