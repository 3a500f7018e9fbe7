using FastCms.AdminShell;
using FastCms.Collections;
using FastCms.Data;
using FastCms.Records;
using FastCms.Records.Files;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FastCms.Admin.Pages.Records;

internal sealed class NewRecordModel(SchemaCache cache, RecordService records, FileUploader uploader) : PageModel
{
    [TempData]
    public string? Flash { get; set; }

    public CompiledCollection Collection { get; private set; } = null!;

    public RecordFormView Form { get; private set; } = null!;

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(string collection, CancellationToken cancellationToken)
    {
        if (!await FindAsync(collection, cancellationToken))
        {
            return NotFound();
        }

        await ShowAsync(null, new FormErrors(), cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string collection, CancellationToken cancellationToken)
    {
        if (!await FindAsync(collection, cancellationToken))
        {
            return NotFound();
        }

        var posted = await Request.ReadFormAsync(cancellationToken);
        var errors = new FormErrors();
        var data = RecordForm.Read(Collection, posted, errors);
        RecordView? created = null;
        using var scope = new UploadScope(Collection.Id, RandomId.New()).Enter(isCreate: true);
        var write = await RecordWrite.RunAsync(async () =>
        {
            await AdminUploads.StoreAsync(uploader, Collection, scope, posted, data, isCreate: true, cancellationToken);
            created = await records.CreateAsync(RecordCaller.FromHttp(HttpContext), Collection.Name, data, cancellationToken);
            return true;
        }, HttpContext.TraceIdentifier, errors);
        if (!write.Succeeded)
        {
            await uploader.DiscardAsync(scope.Files);
        }

        if (write.Succeeded)
        {
            Flash = $"Record {created!.Id} was created.";
            return Redirect($"/admin/collections/{Collection.Name}/records/{created.Id}");
        }

        Problem = write.Problem;
        await ShowAsync(posted, write.Errors, cancellationToken);
        var page = Page();
        page.StatusCode = write.Status;
        return page;
    }

    private async Task<bool> FindAsync(string name, CancellationToken cancellationToken)
    {
        if ((await cache.GetAsync(cancellationToken)).Find(name) is not { IsUsers: false } found)
        {
            return false;
        }

        Collection = found;
        return true;
    }

    private async Task ShowAsync(IFormCollection? posted, FormErrors errors, CancellationToken cancellationToken) =>
        Form = await RecordFormView.CreateAsync(
            Collection, RecordForm.Inputs(Collection, null, posted, errors), isUpdate: false, files: null,
            await cache.GetAsync(cancellationToken), records, RecordCaller.FromHttp(HttpContext), cancellationToken);
}
