using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace FastCms.Collections;

/// <summary>Checks of a field's values (the original FastCMS <c>validation</c> object).</summary>
internal sealed record FieldValidationDto(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Required = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Unique = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Min = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Max = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? MinLength = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? MaxLength = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Pattern = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Values = null);

/// <summary>
/// Type-specific settings: relation target and on-delete behaviour, select values, multi-value limit, autodate triggers,
/// for files the size limit, allowed types, thumbnail sizes and protection, and for editor fields whether HTML is kept as given.
/// </summary>
internal sealed record FieldOptionsDto(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Collection = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CollectionId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? MaxSelect = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? CascadeDelete = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Values = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? OnCreate = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? OnUpdate = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? MaxSize = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? MimeTypes = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Thumbs = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Protected = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? KeepHtml = null);

/// <summary>
/// One field of a collection's <c>schema</c>. On update, a field with the <c>id</c> of an existing field (or, without
/// an id, its name) is that field: a new name renames its column and keeps the data.
/// </summary>
internal sealed record FieldDto(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id,
    string? Name,
    string? Type,
    bool? Hidden = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonNode? Default = null,
    FieldValidationDto? Validation = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] FieldOptionsDto? Options = null);

/// <summary>An index over one or more fields; the name is generated.</summary>
internal sealed record IndexDto(IReadOnlyList<string>? Fields, bool? Unique = null, string? Name = null);

/// <summary>Body of <c>POST /api/v1/collections</c> and <c>PATCH /api/v1/collections/{id}</c>.</summary>
internal sealed record CollectionRequest(
    string? Name,
    string? Type,
    IReadOnlyList<FieldDto>? Schema,
    IReadOnlyList<IndexDto>? Indexes,
    string? ListRule,
    string? ViewRule,
    string? CreateRule,
    string? UpdateRule,
    string? DeleteRule,
    string? DisplayField = null);

internal sealed record CollectionResponse(
    string Id,
    string Name,
    string Type,
    IReadOnlyList<FieldDto> Schema,
    IReadOnlyList<IndexDto> Indexes,
    string? ListRule,
    string? ViewRule,
    string? CreateRule,
    string? UpdateRule,
    string? DeleteRule,
    DateTimeOffset Created,
    DateTimeOffset Updated,
    string? DisplayField)
{
    public static CollectionResponse From(CollectionDefinition c, SchemaSnapshot schema) => new(
        c.Id,
        c.Name,
        c.Type,
        [.. c.Fields.Select(f => Field(f, schema))],
        [.. c.Indexes.Select(i => new IndexDto([.. i.FieldIds.Select(id => c.Fields.FirstOrDefault(f => f.Id == id)?.Name ?? id)], i.Unique, i.Name))],
        c.ListRule,
        c.ViewRule,
        c.CreateRule,
        c.UpdateRule,
        c.DeleteRule,
        c.Created,
        c.Updated,
        c.Fields.FirstOrDefault(f => f.Presentable)?.Name);

    private static FieldDto Field(FieldDefinition f, SchemaSnapshot schema)
    {
        var textual = f.Type.IsTextual();
        var validation = new FieldValidationDto(
            f.Required,
            f.Unique,
            f.Type == FieldType.Number ? f.Min : null,
            f.Type == FieldType.Number ? f.Max : null,
            textual ? f.MinLength : null,
            textual ? f.MaxLength : null,
            textual ? f.Pattern : null);
        var options = f.Type switch
        {
            FieldType.Select => new FieldOptionsDto(MaxSelect: f.MaxSelect, Values: f.Values),
            FieldType.Relation => new FieldOptionsDto(
                schema.FindById(f.TargetCollectionId!)?.Name ?? f.TargetCollectionId, f.TargetCollectionId, f.MaxSelect,
                JsonSerializer.SerializeToElement(f.OnDelete.Name())),
            FieldType.Editor when f.KeepHtml => new FieldOptionsDto(KeepHtml: true),
            FieldType.Autodate => new FieldOptionsDto(OnCreate: f.OnCreate, OnUpdate: f.OnUpdate),
            FieldType.File => new FieldOptionsDto(
                MaxSelect: f.MaxSelect, MaxSize: f.MaxSize ?? FileFieldRules.DefaultMaxSize, MimeTypes: f.MimeTypes ?? [], Thumbs: f.Thumbs ?? [], Protected: f.Protected),
            _ => null,
        };
        return new FieldDto(f.Id, f.Name, f.Type.Name(), f.Hidden, f.Default?.DeepClone(), validation, options);
    }
}
