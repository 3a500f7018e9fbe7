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

    /// <summary>The index editor over the form's indexes; the fields to pick are the stored ones.</summary>
    public IndexEditorView IndexEditor => new(View.Form.Indexes ?? IndexForm.From(Collection), IndexEditorView.ChoicesOf(Collection), View.Errors);

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
        var added = new FieldRow { Index = form.Fields.Count };
        form.Fields.Add(added);
        View = new CollectionFormView(form, new FormErrors(), await editor.RelationTargetsAsync(cancellationToken), IsNew: false, added.InputId("name"));
        return Page();
    }

    public async Task<IActionResult> OnPostMoveAsync(string collection, CancellationToken cancellationToken)
    {
        if (!await FindAsync(collection, cancellationToken))
        {
            return NotFound();
        }

        var posted = await Request.ReadFormAsync(cancellationToken);
        var form = CollectionForm.Read(posted);
        var focus = form.Move(posted["move"]);
        View = new CollectionFormView(form, new FormErrors(), await editor.RelationTargetsAsync(cancellationToken), IsNew: false, focus);
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
        return true;
    }
}
