using System.Data.Common;
using System.Text.Json.Nodes;
using FastCms.Collections;
using FastCms.Data;
using FastCms.Plugins.Events;
using FastCms.Records.Query;

namespace FastCms.Records;

/// <summary>
/// Records of every collection, for the HTTP API and for in-process callers (hooks, plugins). Each call names a
/// <see cref="RecordCaller"/>: a user has the collection's rules applied, admins and <see cref="RecordCaller.System"/>
/// bypass them. Reads return <c>null</c> when the record does not exist or the caller may not see it (the API turns
/// both into 404). Writes run in one transaction through the <see cref="RecordWritePipeline"/>.
/// </summary>
internal sealed class RecordService(
    Database database,
    SchemaCache cache,
    CountCache counts,
    TimeProvider clock,
    RecordCreates creates,
    RecordUpdates updates,
    RecordDeletes deletes)
{
    public Task<RecordView> CreateAsync(RecordCaller caller, string collectionName, JsonObject data, CancellationToken cancellationToken) =>
        WithSchemaAsync(schema => creates.CreateAsync(schema, Resolve(schema, collectionName), caller, data, cancellationToken), cancellationToken);

    /// <summary>Creates up to <see cref="RecordCreates.MaxBatch"/> records in one transaction: all of them, or none.</summary>
    public Task<IReadOnlyList<RecordView>> CreateManyAsync(
        RecordCaller caller, string collectionName, IReadOnlyList<JsonObject> items, CancellationToken cancellationToken) =>
        WithSchemaAsync(schema => creates.CreateManyAsync(schema, Resolve(schema, collectionName), caller, items, cancellationToken), cancellationToken);

    public Task<RecordView?> UpdateAsync(RecordCaller caller, string collectionName, string id, JsonObject data, CancellationToken cancellationToken) =>
        WithSchemaAsync(schema => updates.UpdateAsync(schema, Resolve(schema, collectionName), caller, id, data, cancellationToken), cancellationToken);

    public Task<bool> DeleteAsync(RecordCaller caller, string collectionName, string id, CancellationToken cancellationToken) =>
        WithSchemaAsync(schema => deletes.DeleteAsync(schema, Resolve(schema, collectionName), caller, id, cancellationToken), cancellationToken);

    /// <summary>
    /// Applies the on-delete behaviour of every relation to users before user <paramref name="userId"/> is deleted, in
    /// the same transaction. Throws <see cref="RecordProblemException"/> (409) when a restricting relation holds it.
    /// </summary>
    public async Task OnUserDeletingAsync(DbSession session, string userId, EventActor actor, CancellationToken cancellationToken) =>
        await deletes.OnUserDeletingAsync(session, await cache.GetAsync(cancellationToken), userId, actor, cancellationToken);

    public Task<RecordView?> GetAsync(RecordCaller caller, string collectionName, string id, CancellationToken cancellationToken) =>
        GetAsync(caller, collectionName, id, null, null, cancellationToken);

    public Task<RecordView?> GetAsync(
        RecordCaller caller, string collectionName, string id, string? fields, string? expand, CancellationToken cancellationToken) =>
        WithSchemaAsync(async schema =>
        {
            var collection = Resolve(schema, collectionName);
            var trusted = caller.BypassesRules;
            var rule = collection.ViewRule;
            if (!RandomId.IsValid(id) || (!trusted && rule.IsAdminsOnly))
            {
                return null;
            }

            var projection = RecordQuery.ParseFields(fields, collection, trusted);
            var plan = RecordQuery.ParseExpand(expand, collection, schema, trusted);
            var columns = ListQuery.ColumnsFor(collection, projection, plan);
            var now = clock.GetUtcNow();
            var select = columns == collection.PublicFields
                ? collection.SelectPublicById
                : $"SELECT {collection.SelectList(columns)} FROM {collection.Table} t WHERE t.\"id\" = @id";
            SqlBuilder? sql = null;
            if (!trusted && rule.Expression is { } expression)
            {
                sql = new SqlBuilder().Append(select);
                if (!RuleSql.TryAppend(sql, " AND ", schema, collection, database.Dialect, caller.Request(null), expression, now))
                {
                    return null;
                }

                select = sql.Text.ToString();
            }

            await using var lease = await database.LeaseAsync(cancellationToken);
            RecordView? view;
            await using (var command = lease.CreateCommand(select))
            {
                command.AddParameter("id", id);
                sql?.Bind(command);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                view = await reader.ReadAsync(cancellationToken) ? RecordQuery.ReadRow(reader, collection, columns, projection, database.Dialect) : null;
            }

            if (view is not null && plan is not null)
            {
                await new RecordExpander(schema, database.Dialect, caller, now).ExpandAsync(lease, [view], plan, cancellationToken);
            }

            return view;
        }, cancellationToken);

    public Task<RecordPage> ListAsync(RecordCaller caller, string collectionName, ListOptions options, CancellationToken cancellationToken) =>
        WithSchemaAsync(async schema =>
        {
            var collection = Resolve(schema, collectionName);
            if (options.Page < 1)
            {
                throw new InvalidQueryException("page", "page must be 1 or greater.");
            }

            if (options.PerPage is < 1 or > ListOptions.MaxPerPage)
            {
                throw new InvalidQueryException("per_page", $"per_page must be between 1 and {ListOptions.MaxPerPage}.");
            }

            var now = clock.GetUtcNow();
            var (projection, plan, columns, sql, where, order, denied) = ListQuery.Prepare(
                schema, collection, caller, database.Dialect, now, options.Filter, options.Sort, options.Fields, options.Expand);
            if (denied)
            {
                return new RecordPage([], options.SkipTotal ? null : 0, options.Page, options.PerPage, options.SkipTotal ? null : 0);
            }

            var offset = (long)(options.Page - 1) * options.PerPage;
            var items = new List<RecordView>(Math.Min(options.PerPage, 64));
            await using var lease = await database.LeaseAsync(cancellationToken);
            await using (var command = lease.CreateCommand(
                $"SELECT {(columns == collection.PublicFields ? collection.PublicColumns : collection.SelectList(columns))} FROM {collection.Table} t{where} ORDER BY {order} LIMIT @limit OFFSET @offset"))
            {
                sql.Bind(command);
                command.AddParameter("limit", options.PerPage).AddParameter("offset", offset);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    items.Add(RecordQuery.ReadRow(reader, collection, columns, projection, database.Dialect));
                }
            }

            long? total = null;
            if (!options.SkipTotal)
            {
                // A short page (not past the end) already tells the total without counting.
                total = items.Count < options.PerPage && (items.Count > 0 || offset == 0)
                    ? offset + items.Count
                    : await CountAsync(lease, schema, collection, where, sql, cancellationToken);
            }

            if (plan is not null && items.Count > 0)
            {
                await new RecordExpander(schema, database.Dialect, caller, now).ExpandAsync(lease, items, plan, cancellationToken);
            }

            return new RecordPage(items, total, options.Page, options.PerPage, total is { } t ? (t + options.PerPage - 1) / options.PerPage : null);
        }, cancellationToken);

    /// <summary>
    /// Every record that <paramref name="filter"/> matches, in the order of <paramref name="sort"/>, read row by row from
    /// one query (for exports of any size: nothing is held but the current row). The filter and the order are checked
    /// before this returns, so a bad one throws <see cref="InvalidQueryException"/> before anything is read.
    /// </summary>
    public async Task<IAsyncEnumerable<RecordView>> ListAllAsync(
        RecordCaller caller, string collectionName, string? filter, string? sort, CancellationToken cancellationToken)
    {
        var schema = await cache.GetAsync(cancellationToken);
        var collection = Resolve(schema, collectionName);
        var query = ListQuery.Prepare(schema, collection, caller, database.Dialect, clock.GetUtcNow(), filter, sort, null, null);
        return query.Denied ? AsyncEnumerable.Empty<RecordView>() : ReadAllAsync(collection, query, cancellationToken);
    }

    private async IAsyncEnumerable<RecordView> ReadAllAsync(
        CompiledCollection collection, ListQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var lease = await database.LeaseAsync(cancellationToken);
        await using var command = lease.CreateCommand(
            $"SELECT {(query.Columns == collection.PublicFields ? collection.PublicColumns : collection.SelectList(query.Columns))} FROM {collection.Table} t{query.Where} ORDER BY {query.Order}");
        query.Sql.Bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return RecordQuery.ReadRow(reader, collection, query.Columns, query.Projection, database.Dialect);
        }
    }

    private async Task<long> CountAsync(DbLease lease, SchemaSnapshot schema, CompiledCollection collection, string where, SqlBuilder sql, CancellationToken cancellationToken)
    {
        string? key = null;
        var generation = counts.Generation(collection.Id);
        if (!sql.ReadsOtherTables)
        {
            var text = new System.Text.StringBuilder(collection.Id).Append('\u0001').Append(schema.Version).Append('\u0001').Append(where);
            sql.AppendValues(text);
            key = text.ToString();
            if (counts.TryGet(collection.Id, key, out var cached))
            {
                return cached;
            }
        }

        await using var command = lease.CreateCommand($"SELECT COUNT(*) FROM {collection.Table} t{where}");
        sql.Bind(command);
        var total = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        if (key is not null)
        {
            counts.Set(key, generation, total);
        }

        return total;
    }

    private static CompiledCollection Resolve(SchemaSnapshot schema, string name) => schema.Find(name) switch
    {
        null => throw RecordProblemException.CollectionNotFound(name),
        { IsUsers: true } => throw new RecordProblemException(
            StatusCodes.Status400BadRequest, "Users are managed through /api/v1/admin/users and /api/v1/auth, not the records API."),
        var collection => collection,
    };

    // Another instance may have changed the schema since this one last checked the version stamp. A statement that
    // hits a vanished table or column, or an answer that depends on the schema (unknown collection or field), is
    // therefore checked against the stamp once and retried when the schema moved. Nothing was written by then.
    private async Task<T> WithSchemaAsync<T>(Func<SchemaSnapshot, Task<T>> action, CancellationToken cancellationToken)
    {
        var schema = await cache.GetAsync(cancellationToken);
        try
        {
            return await action(schema);
        }
        catch (Exception e) when (MayBeStale(e) && database.CurrentSession is null)
        {
            var fresh = await cache.RefreshAsync(cancellationToken);
            if (fresh.Version == schema.Version)
            {
                throw;
            }

            return await action(fresh);
        }
    }

    private bool MayBeStale(Exception e) => e switch
    {
        DbException db => database.Dialect.IsUndefinedObject(db),
        RecordProblemException problem => problem.Status == StatusCodes.Status404NotFound,
        InvalidQueryException or RecordValidationException => true,
        _ => false,
    };
}
