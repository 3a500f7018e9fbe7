using System.Text.Json;
using Microsoft.EntityFrameworkCore.Metadata;

namespace FastCms.PluginHost.Data;

internal sealed record ColumnShape(string Name, string Type, bool Nullable, string? Property = null);

internal sealed record IndexShape(string Name, IReadOnlyList<string> Columns, bool Unique)
{
    public bool SameDefinition(IndexShape other) => Unique == other.Unique && Columns.SequenceEqual(other.Columns, StringComparer.Ordinal);
}

internal sealed record TableShape(string Name, IReadOnlyList<ColumnShape> Columns, IReadOnlyList<IndexShape> Indexes, string? Entity = null)
{
    public ColumnShape? Column(string name) => Columns.FirstOrDefault(c => c.Name == name);
}

/// <summary>The tables, columns and indexes a plugin's model maps to; recorded per plugin after each upkeep.</summary>
internal sealed record ModelSnapshot(IReadOnlyList<TableShape> Tables)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static ModelSnapshot Empty { get; } = new([]);

    public TableShape? Table(string name) => Tables.FirstOrDefault(t => t.Name == name);

    public static ModelSnapshot From(IRelationalModel model) => new(
    [
        .. model.Tables.OrderBy(t => t.Name, StringComparer.Ordinal).Select(table => new TableShape(
            table.Name,
            [.. table.Columns.Select(c => new ColumnShape(c.Name, c.StoreType, c.IsNullable, c.PropertyMappings.FirstOrDefault()?.Property.Name))],
            [.. table.Indexes.OrderBy(i => i.Name, StringComparer.Ordinal).Select(i => new IndexShape(i.Name, [.. i.Columns.Select(c => c.Name)], i.IsUnique))],
            table.EntityTypeMappings.FirstOrDefault()?.TypeBase.ClrType.Name)),
    ]);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ModelSnapshot FromJson(string json) => JsonSerializer.Deserialize<ModelSnapshot>(json, Json) ?? Empty;

    /// <summary>Types as the databases spell them differ in case and spacing only; this compares them.</summary>
    public static bool SameType(string a, string b) =>
        string.Equals(Normalize(a), Normalize(b), StringComparison.OrdinalIgnoreCase);

    private static string Normalize(string type) => string.Join(' ', type.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Replace(", ", ",", StringComparison.Ordinal);
}
