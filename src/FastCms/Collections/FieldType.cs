namespace FastCms.Collections;

/// <summary>The field types of a collection; the JSON names are the lower-case forms (<c>datetime</c>, …).</summary>
internal enum FieldType
{
    Text,
    Editor,
    Number,
    Bool,
    Email,
    Url,
    Date,
    DateTime,
    Select,
    Json,
    Relation,
    Autodate,
    File,
}

/// <summary>What happens to records that point at a record being deleted.</summary>
internal enum OnDelete
{
    /// <summary>The delete is refused while references exist.</summary>
    Restrict,

    /// <summary>The referencing records are deleted too.</summary>
    Cascade,

    /// <summary>The reference is removed (set to null, or dropped from a multi-relation).</summary>
    SetNull,
}

/// <summary>How a field's values compare in filters.</summary>
internal enum ValueKind
{
    Text,
    Number,
    Bool,
    Date,
    DateTime,
    Json,
}

internal static class FieldTypes
{
    public static bool TryParse(string? name, out FieldType type)
    {
        type = name switch
        {
            "text" => FieldType.Text,
            "editor" => FieldType.Editor,
            "number" => FieldType.Number,
            "bool" => FieldType.Bool,
            "email" => FieldType.Email,
            "url" => FieldType.Url,
            "date" => FieldType.Date,
            "datetime" => FieldType.DateTime,
            "select" => FieldType.Select,
            "json" => FieldType.Json,
            "relation" => FieldType.Relation,
            "autodate" => FieldType.Autodate,
            "file" => FieldType.File,
            _ => (FieldType)(-1),
        };
        return (int)type >= 0;
    }

    public static string Name(this FieldType type) => type.ToString().ToLowerInvariant();

    public static string AllNames { get; } = string.Join(", ", Enum.GetValues<FieldType>().Select(t => t.Name()));

    public static bool IsTextual(this FieldType type) => type is FieldType.Text or FieldType.Editor or FieldType.Email or FieldType.Url;

    public static string Name(this OnDelete onDelete) => onDelete switch
    {
        OnDelete.Cascade => "cascade",
        OnDelete.SetNull => "set_null",
        _ => "restrict",
    };

    public static ValueKind Kind(this FieldType type) => type switch
    {
        FieldType.Number => ValueKind.Number,
        FieldType.Bool => ValueKind.Bool,
        FieldType.Date => ValueKind.Date,
        FieldType.DateTime or FieldType.Autodate => ValueKind.DateTime,
        FieldType.Json => ValueKind.Json,
        _ => ValueKind.Text,
    };
}
