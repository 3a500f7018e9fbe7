using System.Text.Json;
using FastCms.Collections;
using FastCms.Records;
using FastCms.Records.Files;

namespace FastCms.Admin.Pages.Records;

/// <summary>A record a relation input may point at: its id and a readable label.</summary>
internal sealed record RecordOption(string Id, string Label);

/// <summary>An image of the record that the rich text editor can insert.</summary>
internal sealed record RecordImage(string Name, string Url, string Preview);

/// <summary>What <c>_RecordFields.cshtml</c> renders.</summary>
/// <param name="Inputs">One per editable field.</param>
/// <param name="Suggestions">For relation fields: recent records of the target collection, by field name.</param>
/// <param name="IsUpdate">Editing an existing record (hidden fields then keep their value when left empty).</param>
/// <param name="Files">Links to the record's stored files; <c>null</c> for a new record.</param>
internal sealed record RecordFormView(
    IReadOnlyList<RecordFieldInput> Inputs, IReadOnlyDictionary<string, IReadOnlyList<RecordOption>> Suggestions, bool IsUpdate, FileLinks? Files = null)
{
    public const int SuggestionCount = 50;

    private static readonly JsonSerializerOptions ScriptJson = new(JsonSerializerDefaults.Web);

    /// <summary>The collection's name, for the relation picker's search address.</summary>
    public string Collection { get; init; } = "";

    /// <summary>Labels of the records the relation inputs hold.</summary>
    public RelationLabels Labels { get; init; } = RelationLabels.None;

    /// <summary>Relation fields whose target the picker can search (not users).</summary>
    public IReadOnlySet<string> Pickable { get; init; } = new HashSet<string>();

    /// <summary>Whether the form has an editor field, so the page loads the rich text editor.</summary>
    public bool HasRichText => Inputs.Any(i => i.Field.Type == FieldType.Editor);

    /// <summary>
    /// The record's stored images in unprotected file fields, which the rich text editor offers to insert: the file
    /// address without a token (a token expires, the content does not), and a preview that carries one.
    /// </summary>
    public IReadOnlyList<RecordImage> Images => Files is not { } links ? []
        : [.. Inputs.Where(i => i.Field is { Type: FieldType.File, Protected: false, Hidden: false })
            .SelectMany(i => i.Selected).Where(FileLinks.IsImage).Distinct()
            .Select(name => new RecordImage(name, links.PublicUrl(name), links.Url(name, thumb: true)))];

    /// <summary><see cref="Images"/> for the editor's script (<c>data-record-images</c>), or <c>null</c> when there are none.</summary>
    public string? ImagesJson => Images is { Count: > 0 } images ? JsonSerializer.Serialize(images, ScriptJson) : null;

    /// <summary>The form for <paramref name="inputs"/>, with relation labels and suggestions read as the signed-in admin.</summary>
    public static async Task<RecordFormView> CreateAsync(
        CompiledCollection collection, IReadOnlyList<RecordFieldInput> inputs, bool isUpdate, FileLinks? files,
        SchemaSnapshot schema, RecordService records, RecordCaller caller, CancellationToken cancellationToken) =>
        new(inputs, await SuggestionsAsync(collection, schema, records, caller, cancellationToken), isUpdate, files)
        {
            Collection = collection.Name,
            Labels = await RelationLabels.LoadAsync(schema, inputs.Select(i => (i.Field, (object?)i.Value)), records, caller, cancellationToken),
            Pickable = inputs.Where(i => RelationPicker.Target(schema, i.Field) is not null).Select(i => i.Field.Name).ToHashSet(StringComparer.Ordinal),
        };

    /// <summary>The latest records of each relation target (not users), labelled by their display field: the choices without JavaScript.</summary>
    private static async Task<IReadOnlyDictionary<string, IReadOnlyList<RecordOption>>> SuggestionsAsync(
        CompiledCollection collection, SchemaSnapshot schema, RecordService records, RecordCaller caller, CancellationToken cancellationToken)
    {
        var suggestions = new Dictionary<string, IReadOnlyList<RecordOption>>(StringComparer.Ordinal);
        foreach (var field in collection.Fields)
        {
            if (RelationPicker.Target(schema, field) is not { } target)
            {
                continue;
            }

            var page = await records.ListAsync(caller, target.Name, new ListOptions(PerPage: SuggestionCount, Sort: "-created", SkipTotal: true), cancellationToken);
            suggestions[field.Name] = [.. page.Items.Select(r => new RecordOption(r.Id, RelationLabels.Label(target, r)))];
        }

        return suggestions;
    }

    private static string FileHint(FieldDefinition field) =>
        $"{(field.IsMultiple ? $"Up to {field.MaxSelect} files" : "One file")}, each at most {FileSizes.Format(field.MaxSize ?? FileFieldRules.DefaultMaxSize)}"
        + (field.MimeTypes is { Count: > 0 } types ? $", of type {string.Join(", ", types)}." : ".")
        + (field.Protected ? " Protected: downloads need a file token." : "");

    public string Hint(FieldDefinition field)
    {
        var hint = field.Type switch
        {
            FieldType.Number => "A number.",
            FieldType.Email => "An email address.",
            FieldType.Url => "An absolute http(s) address.",
            FieldType.Date => "A date.",
            FieldType.DateTime => "Date and time in UTC.",
            FieldType.Select when field.IsMultiple => $"Up to {field.MaxSelect} of the values.",
            FieldType.Relation when Pickable.Contains(field.Name) => field.IsMultiple
                ? $"Up to {field.MaxSelect} records: type to search, or their ids separated by commas."
                : "A record: type to search, or its id.",
            FieldType.Relation => field.IsMultiple
                ? $"Ids of records, separated by commas (up to {field.MaxSelect})."
                : "The id of a record.",
            FieldType.Json => "Any JSON value.",
            FieldType.File => FileHint(field),
            FieldType.Editor when field.KeepHtml => "Rich text (HTML), stored as given.",
            FieldType.Editor => "Rich text (HTML); scripts, event handlers and inline styles are removed on save.",
            _ => "",
        };
        if (field.Required)
        {
            hint = ("Required. " + hint).Trim();
        }

        if (field.Hidden)
        {
            hint += IsUpdate ? " Hidden field: its value is never shown; leave empty to keep it."
                : field.Default is null ? " Hidden field: never returned by the API."
                : " Hidden field: never returned by the API; left empty, it gets its default.";
        }

        return hint.Trim();
    }
}
