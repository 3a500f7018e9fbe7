using FastCms.Collections;
using FastCms.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FastCms.Admin.Pages.Collections;

internal sealed class DeleteCollectionModel(CollectionService collections, SchemaCache cache) : PageModel
{
    [TempData]
    public string? Flash { get; set; }

    public string Name { get; private set; } = "";

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(string collection, CancellationToken cancellationToken) =>
        await ExistsAsync(collection, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string collection, CancellationToken cancellationToken)
    {
        if (!await ExistsAsync(collection, cancellationToken))
        {
            return NotFound();
        }

        var outcome = await collections.DeleteAsync(collection, RecordCaller.FromHttp(HttpContext).Actor, cancellationToken);
        if (outcome.Collection is not null)
        {
            Flash = $"Collection {Name} was deleted.";
            return Redirect("/admin/collections");
        }

        if (outcome.NotFound)
        {
            return NotFound();
        }

        Problem = outcome.Conflict ?? "The collection could not be deleted.";
        var page = Page();
        page.StatusCode = StatusCodes.Status409Conflict;
        return page;
    }

    private async Task<bool> ExistsAsync(string name, CancellationToken cancellationToken)
    {
        var found = (await cache.GetAsync(cancellationToken)).Find(name);
        Name = found?.Name ?? name;
        return found is { IsUsers: false };
    }
}
