using FastCms.AdminShell;
using FastCms.Collections;

namespace FastCms.Admin.Pages.Collections;

/// <summary>What <c>_IndexEditor.cshtml</c> renders: the indexes, the fields an index can cover, and the form's errors.</summary>
internal sealed record IndexEditorView(IndexForm Form, IReadOnlyList<(string Id, string Name)> Choices, FormErrors Errors)
{
    /// <summary>The stored fields an index can cover (not json, as the API says), then <c>created</c> and <c>updated</c>.</summary>
    public static IReadOnlyList<(string Id, string Name)> ChoicesOf(CollectionDefinition collection) =>
        [.. collection.Fields.Where(f => f.Type != FieldType.Json).Select(f => (f.Id, f.Name)), ("created", "created"), ("updated", "updated")];

    /// <summary>An index's fields as their stored names.</summary>
    public string Describe(IndexRow row) =>
        string.Join(", ", row.FieldIds.Select(id => Choices.FirstOrDefault(c => c.Id == id).Name ?? id));

    public IReadOnlyList<string> NewIndexErrors => Errors.For(IndexForm.NewFieldsKey);
}
