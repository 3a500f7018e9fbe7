using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using FastCms.Data;

namespace FastCms.Collections;

/// <summary>Reads and writes collection definitions in <c>_collections</c> and the schema version stamp.</summary>
internal sealed class CollectionStore
{
    private const string Columns = "id, name, type, fields, indexes, list_rule, view_rule, create_rule, update_rule, delete_rule, created, updated";

    internal static readonly JsonSerializerOptions StorageJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static async Task<long> ReadVersionAsync(DbLease lease, CancellationToken cancellationToken)
    {
        await using var command = lease.CreateCommand("SELECT version FROM _schema_version WHERE id = 1");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public static async Task<List<CollectionDefinition>> LoadAllAsync(DbLease lease, SqlDialect dialect, CancellationToken cancellationToken)
    {
        await using var command = lease.CreateCommand($"SELECT {Columns} FROM _collections ORDER BY created, id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<CollectionDefinition>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new CollectionDefinition
            {
                Id = reader.GetString(0),
                Name = reader.GetString(1),
                Type = reader.GetString(2),
                Fields = JsonSerializer.Deserialize<List<FieldDefinition>>(reader.GetString(3), StorageJson)!,
                Indexes = JsonSerializer.Deserialize<List<IndexDefinition>>(reader.GetString(4), StorageJson)!,
                ListRule = reader.GetNullableString(5),
                ViewRule = reader.GetNullableString(6),
                CreateRule = reader.GetNullableString(7),
                UpdateRule = reader.GetNullableString(8),
                DeleteRule = reader.GetNullableString(9),
                Created = dialect.ReadTimestamp(reader, 10),
                Updated = dialect.ReadTimestamp(reader, 11),
            });
        }

        return result;
    }

    public static async Task InsertAsync(DbSession session, CollectionDefinition collection, CancellationToken cancellationToken)
    {
        await using var command = session.CreateCommand(
            $"INSERT INTO _collections ({Columns}) VALUES (@id, @name, @type, @fields, @indexes, @list, @view, @create, @update, @delete, @created, @updated)");
        Bind(command, session.Dialect, collection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task UpdateAsync(DbSession session, CollectionDefinition collection, CancellationToken cancellationToken)
    {
        await using var command = session.CreateCommand(
            "UPDATE _collections SET name = @name, type = @type, fields = @fields, indexes = @indexes, list_rule = @list, view_rule = @view, " +
            "create_rule = @create, update_rule = @update, delete_rule = @delete, created = @created, updated = @updated WHERE id = @id");
        Bind(command, session.Dialect, collection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task DeleteAsync(DbSession session, string id, CancellationToken cancellationToken)
    {
        await using var command = session.CreateCommand("DELETE FROM _collections WHERE id = @id");
        command.AddParameter("id", id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Bumps the stamp that other instances compare against their cached schema; returns the new value.</summary>
    public static async Task<long> BumpVersionAsync(DbSession session, CancellationToken cancellationToken)
    {
        await using var command = session.CreateCommand("UPDATE _schema_version SET version = version + 1 WHERE id = 1 RETURNING version");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static void Bind(System.Data.Common.DbCommand command, SqlDialect dialect, CollectionDefinition c) =>
        command.AddParameter("id", c.Id)
            .AddParameter("name", c.Name)
            .AddParameter("type", c.Type)
            .AddParameter("fields", JsonSerializer.Serialize(c.Fields, StorageJson))
            .AddParameter("indexes", JsonSerializer.Serialize(c.Indexes, StorageJson))
            .AddParameter("list", c.ListRule)
            .AddParameter("view", c.ViewRule)
            .AddParameter("create", c.CreateRule)
            .AddParameter("update", c.UpdateRule)
            .AddParameter("delete", c.DeleteRule)
            .AddParameter("created", dialect.Timestamp(c.Created))
            .AddParameter("updated", dialect.Timestamp(c.Updated));
}
