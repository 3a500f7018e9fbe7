using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace FastCms.Collections;

/// <summary>
/// One field as stored in <c>_collections.fields</c>. The id is stable across renames, so a rename keeps the
/// column's data and indexes; relations point at the target collection's id, so renaming a collection keeps them.
/// </summary>
internal sealed record FieldDefinition
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required FieldType Type { get; init; }

    public bool Required { get; init; }

    public bool Unique { get; init; }

    /// <summary>Never returned by the records API nor put into events; filterable only by admins and rules.</summary>
    public bool Hidden { get; init; }

    public double? Min { get; init; }

    public double? Max { get; init; }

    public int? MinLength { get; init; }

    public int? MaxLength { get; init; }

    public string? Pattern { get; init; }

    /// <summary>Allowed values of a select field.</summary>
    public IReadOnlyList<string>? Values { get; init; }

    /// <summary>For select, relation and file fields: 1 stores one value, more stores a JSON array of up to this many.</summary>
    public int MaxSelect { get; init; } = 1;

    public string? TargetCollectionId { get; init; }

    public OnDelete OnDelete { get; init; }

    public bool OnCreate { get; init; } = true;

    public bool OnUpdate { get; init; } = true;

    public JsonNode? Default { get; init; }

    /// <summary>For file fields: the largest file in bytes (the server-wide cap still applies).</summary>
    public long? MaxSize { get; init; }

    /// <summary>For file fields: the allowed content types (<c>image/png</c>, <c>image/*</c>); empty allows any safe type.</summary>
    public IReadOnlyList<string>? MimeTypes { get; init; }

    /// <summary>For file fields: the thumbnail sizes that may be asked for (<c>100x100</c>, <c>0x300</c>, …).</summary>
    public IReadOnlyList<string>? Thumbs { get; init; }

    /// <summary>For file fields: downloads need a file token besides the view rule.</summary>
    public bool Protected { get; init; }

    /// <summary>For editor fields: store the HTML as given instead of sanitizing it (for trusted writers only).</summary>
    public bool KeepHtml { get; init; }

    /// <summary>The field that names a record of this collection where others point at it (relation pickers, lists);
    /// set through the collection's <c>display_field</c>, at most one field has it.</summary>
    public bool Presentable { get; init; }

    /// <summary>Set on the built-in users fields that only admins and rules may filter on (email, role, verified).</summary>
    [JsonIgnore]
    public bool Restricted { get; init; }

    [JsonIgnore]
    public bool IsMultiple => Type is FieldType.Select or FieldType.Relation or FieldType.File && MaxSelect > 1;

    /// <summary>Only trusted callers (admins, the system, rules) may filter, sort or expand on these.</summary>
    [JsonIgnore]
    public bool IsPrivate => Hidden || Restricted;
}

/// <summary>An index the admin declared (or one the host keeps), by field ids so that renames do not affect it.</summary>
internal sealed record IndexDefinition(string Name, IReadOnlyList<string> FieldIds, bool Unique);

/// <summary>A collection as stored in <c>_collections</c>.</summary>
internal sealed record CollectionDefinition
{
    /// <summary>The id of the built-in users collection.</summary>
    public const string UsersId = "users";

    public required string Id { get; init; }

    public required string Name { get; init; }

    public string Type { get; init; } = "base";

    public required IReadOnlyList<FieldDefinition> Fields { get; init; }

    public IReadOnlyList<IndexDefinition> Indexes { get; init; } = [];

    public string? ListRule { get; init; }

    public string? ViewRule { get; init; }

    public string? CreateRule { get; init; }

    public string? UpdateRule { get; init; }

    public string? DeleteRule { get; init; }

    public DateTimeOffset Created { get; init; }

    public DateTimeOffset Updated { get; init; }

    public bool IsUsers => Id == UsersId;

    public FieldDefinition? Field(string name) => Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));
}
