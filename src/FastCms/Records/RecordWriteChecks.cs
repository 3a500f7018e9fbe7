using System.Data.Common;
using System.Text.Json.Nodes;
using FastCms.Collections;
using FastCms.Data;
using FastCms.Kernel;
using FastCms.Records.Query;

namespace FastCms.Records;

/// <summary>
/// The checks a write makes inside its transaction: relation targets exist, values are unique, and the create, update,
/// delete and view rules allow it. The steps of the <see cref="RecordWritePipeline"/> that need the database.
/// </summary>
internal sealed class RecordWriteChecks(Database database, TimeProvider clock)
{
    public async Task CheckRelationsAsync(
        DbSession session, SchemaSnapshot schema, CompiledCollection collection, IEnumerable<(int Field, object? Value)> values, CancellationToken cancellationToken)
    {
        FieldErrors? errors = null;
        foreach (var (index, value) in values)
        {
            var field = collection.Fields[index];
            if (field.Type != FieldType.Relation || value is null)
            {
                continue;
            }

            var ids = value as string[] ?? [(string)value];
            var target = schema.FindById(field.TargetCollectionId!)!;
            var sql = new SqlBuilder().Append($"SELECT \"id\" FROM {target.Table} WHERE \"id\" IN (");
            for (var i = 0; i < ids.Length; i++)
            {
                sql.Append(i == 0 ? "" : ", ").Append(sql.Add(ids[i]));
            }

            // Holding a share lock on the targets keeps them from being deleted before this write commits.
            await using var command = session.CreateCommand(sql.Append(")").Append(database.Dialect.LockRowsForReference).Text.ToString());
            sql.Bind(command);
            var found = new HashSet<string>(StringComparer.Ordinal);
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    found.Add(reader.GetString(0));
                }
            }

            if (ids.FirstOrDefault(id => !found.Contains(id)) is { } missing)
            {
                (errors ??= new FieldErrors()).Add(field.Name, $"No record '{missing}' in '{target.Name}'.");
            }
        }

        if (errors is not null)
        {
            throw new RecordValidationException(errors);
        }
    }

    public async Task<bool> MatchesRuleAsync(
        DbSession session, SchemaSnapshot schema, CompiledCollection collection, string id, FilterNode rule, RequestValues request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var sql = new SqlBuilder().Append($"SELECT 1 FROM {collection.Table} t WHERE t.\"id\" = @id");
        if (!RuleSql.TryAppend(sql, " AND ", schema, collection, database.Dialect, request, rule, now))
        {
            return false;
        }

        await using var command = session.CreateCommand(sql.Text.ToString());
        command.AddParameter("id", id);
        sql.Bind(command);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>
    /// Loads and locks the record an update changes, or <c>null</c> when it is missing or the update rule refuses.
    /// A modifier writes its field, so for the rule <c>@request.data.views</c> is the value <c>"views+": n</c> will
    /// store; that needs the stored value, so such updates lock the row first and then evaluate the rule.
    /// </summary>
    public async Task<RecordView?> LoadForUpdateAsync(
        DbSession session, SchemaSnapshot schema, CompiledCollection collection, RecordCaller caller, string id, JsonObject submitted, RecordPatch patch,
        CancellationToken cancellationToken)
    {
        if (patch.Deltas.Count == 0 || caller.BypassesRules || collection.UpdateRule.Expression is not { } rule)
        {
            return await LoadForWriteAsync(session, schema, collection, caller, id, collection.UpdateRule, submitted, cancellationToken);
        }

        var previous = await LoadForWriteAsync(session, schema, collection, caller.Elevated(), id, collection.UpdateRule, submitted, cancellationToken);
        if (previous is null)
        {
            return null;
        }

        var data = submitted.DeepClone().AsObject();
        foreach (var (field, delta) in patch.Deltas)
        {
            var name = collection.Fields[field].Name;
            data.Remove(name + "+");
            data.Remove(name + "-");
            data[name] = (previous.Values[field] as double? ?? 0) + delta;
        }

        return await MatchesRuleAsync(session, schema, collection, id, rule, caller.Request(data), clock.GetUtcNow(), cancellationToken) ? previous : null;
    }

    /// <summary>Whether the caller may view the record just written, by the view rule, in the write's transaction.</summary>
    public async Task<bool> MayViewAsync(
        DbSession session, SchemaSnapshot schema, CompiledCollection collection, RecordCaller caller, string id, CancellationToken cancellationToken)
    {
        var rule = collection.ViewRule;
        return caller.BypassesRules || rule.IsPublic
            || (rule.Expression is { } expression
                && await MatchesRuleAsync(session, schema, collection, id, expression, caller.Request(null), clock.GetUtcNow(), cancellationToken));
    }

    /// <summary>Names the field(s) behind a unique violation: PostgreSQL reports the index, SQLite the columns.</summary>
    public FieldErrors UniqueErrors(CompiledCollection collection, DbException exception)
    {
        var target = database.Dialect.UniqueViolationTarget(exception) ?? "";
        var fields = collection.Fields.Where(f =>
            target == $"ux_{f.Id}"
            || target.Split(", ").Contains($"{collection.Name}.{f.Name}")
            || collection.Definition.Indexes.Any(i => i.Name == target && i.FieldIds.Contains(f.Id))).ToList();
        var errors = new FieldErrors();
        if (fields.Count == 0)
        {
            errors.Add("data", "A record with these values already exists.");
        }

        foreach (var field in fields)
        {
            errors.Add(field.Name, fields.Count == 1 ? "Must be unique; another record has this value." : "This combination of values must be unique.");
        }

        return errors;
    }

    public static void CheckModifiedBounds(CompiledCollection collection, RecordPatch patch, RecordView view)
    {
        foreach (var (field, _) in patch.Deltas)
        {
            var definition = collection.Fields[field];
            if (FieldValidator.Normalize(definition, null, view.Values[field] is double d ? JsonValue.Create(d) : null, out _) is { } problem)
            {
                throw new RecordValidationException(Errors(definition.Name, problem));
            }
        }
    }

    public async Task ExecuteWriteAsync(DbCommand command, CompiledCollection collection, CancellationToken cancellationToken)
    {
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (DbException e) when (database.Dialect.IsUniqueViolation(e))
        {
            throw new RecordValidationException(UniqueErrors(collection, e));
        }
    }

    // Both databases then hold the same instant: SQLite stores milliseconds, PostgreSQL would keep microseconds.
    public DateTimeOffset Now()
    {
        var now = clock.GetUtcNow();
        return new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    public static FieldErrors Errors(string key, string message)
    {
        var errors = new FieldErrors();
        errors.Add(key, message);
        return errors;
    }

    public static FieldErrors Prefixed(FieldErrors source, string prefix)
    {
        var errors = new FieldErrors();
        foreach (var (key, messages) in source.ToDictionary())
        {
            Array.ForEach(messages, m => errors.Add(key.StartsWith(prefix, StringComparison.Ordinal) ? key : prefix + key, m));
        }

        return errors;
    }

    /// <summary>The full record (hidden fields too) if it exists and the rule lets the caller change it; locked until commit.</summary>
    public async Task<RecordView?> LoadForWriteAsync(
        DbSession session, SchemaSnapshot schema, CompiledCollection collection, RecordCaller caller, string id, AccessRule rule, JsonObject? submitted, CancellationToken cancellationToken)
    {
        var sql = new SqlBuilder().Append(collection.SelectAllById);
        if (!caller.BypassesRules)
        {
            if (rule.IsAdminsOnly || (rule.Expression is { } expression
                && !RuleSql.TryAppend(sql, " AND ", schema, collection, database.Dialect, caller.Request(submitted), expression, clock.GetUtcNow())))
            {
                return null;
            }
        }

        await using var command = session.CreateCommand(sql.Append(database.Dialect.LockRowForUpdate).Text.ToString());
        command.AddParameter("id", id);
        sql.Bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? RecordQuery.ReadRow(reader, collection, collection.AllFields, Projection.Public(collection), database.Dialect)
            : null;
    }
}
