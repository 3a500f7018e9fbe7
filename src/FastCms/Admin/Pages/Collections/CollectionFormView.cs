using FastCms.AdminShell;
namespace FastCms.Admin.Pages.Collections;

/// <summary>
/// What <c>_CollectionForm.cshtml</c> renders: the form, its errors and the possible relation targets;
/// <paramref name="FocusId"/> is the input a post-back without JavaScript (add a field, move one) focuses.
/// </summary>
internal sealed record CollectionFormView(CollectionForm Form, FormErrors Errors, IReadOnlyList<string> Targets, bool IsNew, string? FocusId = null)
{
    public static readonly string[] Types = ["text", "editor", "number", "bool", "email", "url", "date", "datetime", "select", "json", "relation", "autodate", "file"];

    /// <summary>The inputs of a row that show their own errors; the row's other errors are shown above it.</summary>
    public static readonly string[] RowInputs =
    [
        "name", "type", "validation.required", "validation.unique", "hidden", "validation.min", "validation.max", "validation.min_length",
        "validation.max_length", "validation.pattern", "options.values", "options.max_select", "options.collection", "options.cascade_delete", "default",
        "options.keep_html", "remove_confirm",
    ];

    /// <summary>The types that take a default (all but relation and autodate).</summary>
    public const string DefaultTypes = "text editor number bool email url date datetime select json";

    /// <summary>The types a display field may have (a select only when it holds one value).</summary>
    private static readonly string[] DisplayTypes = ["text", "email", "url", "number", "date", "datetime", "autodate", "select"];

    /// <summary>
    /// The display field's choices: the named, visible rows of a type that can label a record, as the form stands. A
    /// stored field is chosen by its id, so that renaming it in the same save keeps the choice; a new one by its name.
    /// </summary>
    public IEnumerable<(string Value, string Label)> DisplayChoices =>
        Form.Fields.Where(r => r.Name.Length > 0 && !r.Hidden && !r.Remove && DisplayTypes.Contains(r.Type) && (r.Type != "select" || r.MaxSelect is "" or "1"))
            .Select(r => (r.Id ?? r.Name, r.Name));

    public IReadOnlyList<string> For(FieldRow row, string suffix) => Errors.For(row.Key(suffix));

    public IReadOnlyList<string> RowErrors(FieldRow row) =>
        [.. Errors.Fields.Where(k => k.StartsWith($"schema[{row.Index}]", StringComparison.Ordinal) && !RowInputs.Any(s => k == row.Key(s))).SelectMany(Errors.For)];

    public bool HasOptions(FieldRow row) =>
        row.Min.Length + row.Max.Length + row.MinLength.Length + row.MaxLength.Length + row.Pattern.Length + row.Values.Length + row.MaxSelect.Length + row.Collection.Length + row.Default.Length > 0
        || row.Type is "select" or "relation" or "autodate"
        || Errors.Fields.Any(k => k.StartsWith(row.Key("validation.m"), StringComparison.Ordinal) || k.StartsWith(row.Key("validation.p"), StringComparison.Ordinal) || k.StartsWith(row.Key("options"), StringComparison.Ordinal) || k == row.Key("default"));

    public string? Invalid(string key) => Errors.For(key).Count > 0 ? "true" : null;

    public string? DescribedBy(string key, string? hint = null)
    {
        var ids = new[] { hint, Errors.For(key).Count > 0 ? ErrorId(key) : null }.Where(i => i is not null);
        var joined = string.Join(' ', ids);
        return joined.Length > 0 ? joined : null;
    }

    public static string ErrorId(string key) => "error-" + new string([.. key.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);
}

/// <summary>One row of <c>_FieldRow.cshtml</c> in its form.</summary>
internal sealed record FieldRowView(CollectionFormView View, FieldRow Row);

/// <summary>One option input of a field row, shown for the field types in <see cref="Types"/>.</summary>
internal sealed record OptionInput(CollectionFormView View, FieldRow Row, string Suffix, string Label, string InputType, string Value, string Types);
