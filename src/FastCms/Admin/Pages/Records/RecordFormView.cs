using FastCms.Collections;
using FastCms.Records;
using FastCms.Records.Files;

namespace FastCms.Admin.Pages.Records;

/// <summary>A record a relation input may point at: its id and a readable label.</summary>
internal sealed record RecordOption(string Id, string Label);

/// <summary>What <c>_RecordFields.cshtml</c> renders.</summary>
/// <param name="Inputs">One per editable field.</param>
/// <param name="Suggestions">For relation fields: recent records of the target collection, by field name.</param>
/// <param name="IsUpdate">Editing an existing record (hidden fields then keep their value when left empty).</param>
/// <param name="Files">Links to the record's stored files; <c>null</c> for a new record.</param>
internal sealed record RecordFormView(
    IReadOnlyList<RecordFieldInput> Inputs, IReadOnlyDictionary<string, IReadOnlyList<RecordOption>> Suggestions, bool IsUpdate, FileLinks? Files = null)
{
    public const int SuggestionCount = 50;

    /// <summary>Whether the form has an editor field, so the page loads the rich text editor.</summary>
    public bool HasRichText => Inputs.Any(i => i.Field.Type == FieldType.Editor);

    /// <summary>The latest records of each relation target (not users), labelled by their first text field.</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<RecordOption>>> SuggestionsAsync(
        CompiledCollection collection, SchemaSnapshot schema, RecordService records, CancellationToken cancellationToken)
    {
        var suggestions = new Dictionary<string, IReadOnlyList<RecordOption>>(StringComparer.Ordinal);
        foreach (var field in collection.Fields.Where(f => f.Type == FieldType.Relation && f.TargetCollectionId is not null))
        {
            if (schema.FindById(field.TargetCollectionId!) is not { IsUsers: false } target)
            {
                continue;
            }

            var labelIndex = Array.FindIndex(target.Fields, f => f.Type == FieldType.Text && !f.Hidden);
            var page = await records.ListAsync(RecordCaller.System, target.Name, new ListOptions(PerPage: SuggestionCount, Sort: "-created", SkipTotal: true), cancellationToken);
            suggestions[field.Name] = [.. page.Items.Select(r => new RecordOption(r.Id, labelIndex >= 0 && r.Values[labelIndex] is string label ? label : r.Id))];
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
