using FastCms.AdminShell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FastCms.Admin.Pages.Collections;

internal sealed class CreateCollectionModel(CollectionEditor editor) : PageModel
{
    [TempData]
    public string? Flash { get; set; }

    public CollectionFormView View { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        View = new CollectionFormView(CollectionForm.Blank(), new FormErrors(), await editor.RelationTargetsAsync(cancellationToken), IsNew: true);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var form = CollectionForm.Read(await Request.ReadFormAsync(cancellationToken));
        var saved = await editor.SaveAsync(null, form, HttpContext, cancellationToken);
        if (saved.Collection is { } collection)
        {
            Flash = $"Collection {collection.Name} was created.";
            return Redirect($"/admin/collections/{collection.Name}");
        }

        View = new CollectionFormView(form, saved.Errors, await editor.RelationTargetsAsync(cancellationToken), IsNew: true);
        var page = Page();
        page.StatusCode = StatusCodes.Status400BadRequest;
        return page;
    }

    /// <summary>"Add a field": the same form again with one more empty row; nothing is saved.</summary>
    public async Task OnPostAddFieldAsync(CancellationToken cancellationToken)
    {
        var form = CollectionForm.Read(await Request.ReadFormAsync(cancellationToken));
        var added = new FieldRow { Index = form.Fields.Count };
        form.Fields.Add(added);
        View = new CollectionFormView(form, new FormErrors(), await editor.RelationTargetsAsync(cancellationToken), IsNew: true, added.InputId("name"));
    }

    /// <summary>"Move up"/"Move down" without JavaScript: the same form with the row moved; nothing is saved.</summary>
    public async Task OnPostMoveAsync(CancellationToken cancellationToken)
    {
        var posted = await Request.ReadFormAsync(cancellationToken);
        var form = CollectionForm.Read(posted);
        var focus = form.Move(posted["move"]);
        View = new CollectionFormView(form, new FormErrors(), await editor.RelationTargetsAsync(cancellationToken), IsNew: true, focus);
    }
}
