using FastCms.Collections;
using FastCms.Data;
using FastCms.Records.Query;

namespace FastCms.Records;

/// <summary>
/// Fills <see cref="RecordView.Expand"/>: one query per relation and level for all records at once, with the target
/// collection's view rule applied for the caller. Expanded users show id, name, created and updated — and email only
/// to admins and to the user themself.
/// </summary>
internal sealed class RecordExpander(SchemaSnapshot schema, SqlDialect dialect, RecordCaller caller, DateTimeOffset now)
{
    private const int ChunkSize = 500;

    public async Task ExpandAsync(DbLease lease, IReadOnlyList<RecordView> records, ExpandPlan plan, CancellationToken cancellationToken)
    {
        foreach (var (name, child) in plan.Children)
        {
            var field = plan.Collection.Fields[child.Field];
            var ids = records.SelectMany(r => r.Values[child.Field] switch
            {
                string id => [id],
                string[] many => many,
                _ => [],
            }).Distinct(StringComparer.Ordinal).ToList();
            if (ids.Count == 0)
            {
                continue;
            }

            var found = await LoadAsync(lease, child.Collection, ids, cancellationToken);
            if (child.Children.Count > 0 && found.Count > 0)
            {
                await ExpandAsync(lease, [.. found.Values], child, cancellationToken);
            }

            foreach (var record in records)
            {
                object? related = record.Values[child.Field] switch
                {
                    string id => found.GetValueOrDefault(id),
                    string[] many => many.Select(found.GetValueOrDefault).OfType<RecordView>().ToList(),
                    _ => null,
                };
                if (related is not null && (related is not List<RecordView> list || list.Count > 0 || field.IsMultiple))
                {
                    (record.Expand ??= new Dictionary<string, object>(StringComparer.Ordinal))[name] = related;
                }
            }
        }
    }

    private async Task<Dictionary<string, RecordView>> LoadAsync(DbLease lease, CompiledCollection target, List<string> ids, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, RecordView>(StringComparer.Ordinal);
        var rule = target.ViewRule;
        if (!target.IsUsers && !caller.BypassesRules && rule.IsAdminsOnly)
        {
            return result;
        }

        var fields = target.IsUsers ? [UsersCollection.EmailField, UsersCollection.NameField] : target.PublicFields;
        foreach (var chunk in ids.Chunk(ChunkSize))
        {
            var sql = new SqlBuilder();
            sql.Append($"SELECT {target.SelectList(fields)} FROM {target.Table} t WHERE t.\"id\" IN (");
            for (var i = 0; i < chunk.Length; i++)
            {
                sql.Append(i == 0 ? "" : ", ").Append(sql.Add(chunk[i]));
            }

            sql.Append(")");
            if (!target.IsUsers && !caller.BypassesRules && rule.Expression is { } expression && !RuleSql.TryAppend(sql, " AND ", schema, target, dialect, caller.Request(null), expression, now))
            {
                return result;
            }

            await using var command = lease.CreateCommand(sql.Text.ToString());
            sql.Bind(command);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var view = RecordQuery.ReadRow(reader, target, fields, Projection.Public(target), dialect);
                if (target.IsUsers)
                {
                    var showEmail = caller.BypassesRules || caller.UserId == view.Id;
                    view.Projection = new Projection(showEmail ? [UsersCollection.NameField, UsersCollection.EmailField] : [UsersCollection.NameField], true, true);
                }

                result[view.Id] = view;
            }
        }

        return result;
    }
}
