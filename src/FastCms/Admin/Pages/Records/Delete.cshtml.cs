using FastCms.Collections;
using FastCms.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FastCms.Admin.Pages.Records;

internal sealed class DeleteRecordModel(SchemaCache cache, RecordService records) : PageModel
{
    [TempData]
    public string? Flash { get; set; }

    public string Collection { get; private set; } = "";

    public string RecordId { get; private set; } = "";

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(string collection, string recordId, CancellationToken cancellationToken) =>
        await ExistsAsync(collection, recordId, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string collection, string recordId, CancellationToken cancellationToken)
    {
        if (!await ExistsAsync(collection, recordId, cancellationToken))
        {
            return NotFound();
        }

        var write = await RecordWrite.RunAsync(
            () => records.DeleteAsync(RecordCaller.FromHttp(HttpContext), Collection, recordId, cancellationToken), HttpContext.TraceIdentifier);
        if (write.Succeeded)
        {
            Flash = $"Record {recordId} was deleted.";
            return Redirect($"/admin/collections/{Collection}");
        }

        if (write.Status == StatusCodes.Status404NotFound)
        {
            return NotFound();
        }

        Problem = write.Problem ?? string.Join(" ", write.Errors.Fields.SelectMany(write.Errors.For));
        var page = Page();
        page.StatusCode = write.Status;
        return page;
    }

    private async Task<bool> ExistsAsync(string collection, string recordId, CancellationToken cancellationToken)
    {
        if ((await cache.GetAsync(cancellationToken)).Find(collection) is not { IsUsers: false } found
            || await records.GetAsync(RecordCaller.FromHttp(HttpContext), found.Name, recordId, cancellationToken) is null)
        {
            return false;
        }

        (Collection, RecordId) = (found.Name, recordId);
        return true;
    }
}
