using FastCms.AdminShell;
using FastCms.Collections;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FastCms.Admin.Pages.Collections;

internal sealed class EditCollectionModel(CollectionEditor editor, SchemaCache cache) : PageModel
{
    [TempData]
    public string? Flash { get; set; }

    public CollectionDefinition Collection { get; private set; } = null!;

    public CollectionFormView View { get; private set; } = null!;

    public IReadOnlyList<string> Indexes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string collection, CancellationToken cancellationToken)
    {
        if (!await FindAsync(collection, cancellationToken))
        {
            return NotFound();
        }

        var schema = await cache.GetAsync(cancellationToken);
        View = new CollectionFormView(CollectionForm.From(Collection, schema), new FormErrors(), await editor.RelationTargetsAsync(cancellationToken), IsNew: false);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string collection, CancellationToken cancellationToken)
    {
        if (!await FindAsync(collection, cancellationToken))
        {
            return NotFound();
        }

        var form = CollectionForm.Read(await Request.ReadFormAsync(cancellationToken));
        var saved = await editor.SaveAsync(Collection.Id, form, HttpContext, cancellationToken);
        if (saved.NotFound)
        {
            return NotFound();
        }

        if (saved.Collection is { } updated)
        {
            Flash = $"Collection {updated.Name} was saved.";
            return Redirect($"/admin/collections/{updated.Name}/edit");
        }

        View = new CollectionFormView(form, saved.Errors, await editor.RelationTargetsAsync(cancellationToken), IsNew: false);
        var page = Page();
        page.StatusCode = StatusCodes.Status400BadRequest;
        return page;
    }

    public async Task<IActionResult> OnPostAddFieldAsync(string collection, CancellationToken cancellationToken)
    {
        if (!await FindAsync(collection, cancellationToken))
        {
            return NotFound();
        }

        var form = CollectionForm.Read(await Request.ReadFormAsync(cancellationToken));
        form.Fields.Add(new FieldRow { Index = form.Fields.Count });
        View = new CollectionFormView(form, new FormErrors(), await editor.RelationTargetsAsync(cancellationToken), IsNew: false, FocusLastRow: true);
        return Page();
    }

    private async Task<bool> FindAsync(string name, CancellationToken cancellationToken)
    {
        var schema = await cache.GetAsync(cancellationToken);
        if (schema.Find(name) is not { IsUsers: false } found)
        {
            return false;
        }

        Collection = found.Definition;
        Indexes = [.. Collection.Indexes.Select(i => $"{(i.Unique ? "unique " : "")}({string.Join(", ", i.FieldIds.Select(id => Collection.Fields.FirstOrDefault(f => f.Id == id)?.Name ?? id))})")];
        return true;
    }
}
