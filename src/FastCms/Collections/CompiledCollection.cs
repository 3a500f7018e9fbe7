using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;
using FastCms.Data;
using FastCms.Records;

namespace FastCms.Collections;

/// <summary>
/// A collection ready for requests: field lookups, quoted identifiers, parsed rules and the SQL text that does not
/// depend on the request, built once per schema version so that the hot paths only bind parameters.
/// </summary>
internal sealed class CompiledCollection
{
    public static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(100);

    private readonly FrozenDictionary<string, int> _fieldIndex;

    public CompiledCollection(CollectionDefinition definition, SqlDialect dialect)
    {
        Definition = definition;
        Fields = [.. definition.Fields];
        FieldNames = [.. Fields.Select(f => f.Name)];
        _fieldIndex = Fields.Select((f, i) => KeyValuePair.Create(f.Name, i)).ToFrozenDictionary(StringComparer.Ordinal);
        Table = dialect.Quote(definition.Name);
        Columns = [.. Fields.Select(f => dialect.Quote(f.Name))];
        Patterns = [.. Fields.Select(f => f.Pattern is null ? null : new Regex(f.Pattern, RegexOptions.CultureInvariant, PatternTimeout))];
        PublicFields = [.. Fields.Select((f, i) => (f, i)).Where(x => !x.f.Hidden && !x.f.Restricted).Select(x => x.i)];
        AllFields = [.. Enumerable.Range(0, Fields.Length)];
        DisplayField = Array.FindIndex(Fields, f => f.Presentable) is var chosen and >= 0 ? chosen
            : Array.FindIndex(Fields, f => f.Type == FieldType.Text && !f.IsPrivate) is var text and >= 0 ? text
            : null;
        PublicProjection = new Projection(PublicFields, true, true);
        ListRule = AccessRule.From(definition.ListRule);
        ViewRule = AccessRule.From(definition.ViewRule);
        CreateRule = AccessRule.From(definition.CreateRule);
        UpdateRule = AccessRule.From(definition.UpdateRule);
        DeleteRule = AccessRule.From(definition.DeleteRule);

        Defaults = [.. Fields.Select((f, i) => f.Default is null ? null : DefaultValue(f, Patterns[i]))];
        AllColumns = SelectList(AllFields);
        PublicColumns = SelectList(PublicFields);
        ReturningColumns = "\"id\", \"created\", \"updated\"" + string.Concat(Columns.Select(c => ", " + c));
        SelectAllById = $"SELECT {AllColumns} FROM {Table} t WHERE t.\"id\" = @id";
        SelectPublicById = $"SELECT {PublicColumns} FROM {Table} t WHERE t.\"id\" = @id";

        var insert = new StringBuilder($"INSERT INTO {Table} (\"id\", \"created\", \"updated\"");
        foreach (var column in Columns)
        {
            insert.Append(", ").Append(column);
        }

        insert.Append(") VALUES (@id, @created, @updated");
        for (var i = 0; i < Fields.Length; i++)
        {
            insert.Append(", ").Append(FieldValues.IsJsonStored(Fields[i]) ? dialect.JsonValue(ParameterName(i)) : ParameterName(i));
        }

        InsertSql = insert.Append(')').ToString();
    }

    public CollectionDefinition Definition { get; }

    public string Id => Definition.Id;

    public string Name => Definition.Name;

    public bool IsUsers => Definition.IsUsers;

    public FieldDefinition[] Fields { get; }

    /// <summary>The field names, handed to before-hooks.</summary>
    public IReadOnlyCollection<string> FieldNames { get; }

    /// <summary>The quoted table name.</summary>
    public string Table { get; }

    /// <summary>The quoted column name of each field.</summary>
    public string[] Columns { get; }

    public Regex?[] Patterns { get; }

    /// <summary>Indexes of the fields the records API may return.</summary>
    public int[] PublicFields { get; }

    public int[] AllFields { get; }

    /// <summary>
    /// The field that labels a record where others point at it: the one chosen as <c>display_field</c>, else the
    /// first visible text field; <c>null</c> means the id is the label.
    /// </summary>
    public int? DisplayField { get; }

    /// <summary>The default view of a record: every public field, with timestamps.</summary>
    public Projection PublicProjection { get; }

    public AccessRule ListRule { get; }

    public AccessRule ViewRule { get; }

    public AccessRule CreateRule { get; }

    public AccessRule UpdateRule { get; }

    public AccessRule DeleteRule { get; }

    /// <summary>Each field's default in stored form (validated when the field was saved), or <c>null</c>.</summary>
    public object?[] Defaults { get; }

    /// <summary><c>t."id", t."created", t."updated"</c> and every field column.</summary>
    public string AllColumns { get; }

    /// <summary>Like <see cref="AllColumns"/>, without hidden fields.</summary>
    public string PublicColumns { get; }

    /// <summary>All columns without table alias, for <c>RETURNING</c>.</summary>
    public string ReturningColumns { get; }

    public string SelectAllById { get; }

    public string SelectPublicById { get; }

    /// <summary>Inserts every column; parameters <c>@id</c>, <c>@created</c>, <c>@updated</c> and <see cref="ParameterName"/>.</summary>
    public string InsertSql { get; }

    public static string ParameterName(int fieldIndex) => "@f" + fieldIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static object? DefaultValue(FieldDefinition field, Regex? pattern)
    {
        FieldValidator.Normalize(field, pattern, field.Default, out var value);
        return value;
    }

    public bool TryGetField(string name, out int index) => _fieldIndex.TryGetValue(name, out index);

    /// <summary>The select list for <c>id, created, updated</c> plus the given fields, from table alias <c>t</c>.</summary>
    public string SelectList(int[] fields)
    {
        var sql = new StringBuilder("t.\"id\", t.\"created\", t.\"updated\"");
        foreach (var i in fields)
        {
            sql.Append(", t.").Append(Columns[i]);
        }

        return sql.ToString();
    }
}
