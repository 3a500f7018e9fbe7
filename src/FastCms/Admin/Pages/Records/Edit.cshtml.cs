using FastCms.AdminShell;
using FastCms.Collections;
using FastCms.Files;
using FastCms.Records;
using FastCms.Records.Files;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FastCms.Admin.Pages.Records;

internal sealed class EditRecordModel(SchemaCache cache, RecordService records, FileUploader uploader, FileTokens tokens) : PageModel
{
    [TempData]
    public string? Flash { get; set; }

    public CompiledCollection Collection { get; private set; } = null!;

    public RecordView Record { get; private set; } = null!;

    public RecordFormView Form { get; private set; } = null!;

    public string? Problem { get; private set; }

    /// <summary>Autodate fields, shown read-only.</summary>
    public IEnumerable<(FieldDefinition Field, object? Value)> Automatic =>
        Collection.Fields.Select((f, i) => (f, Record.Values[i])).Where(x => x.f.Type == FieldType.Autodate && !x.f.Hidden);

    public async Task<IActionResult> OnGetAsync(string collection, string recordId, CancellationToken cancellationToken)
    {
        if (!await FindAsync(collection, recordId, cancellationToken))
        {
            return NotFound();
        }

        await ShowAsync(null, new FormErrors(), cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string collection, string recordId, CancellationToken cancellationToken)
    {
        if (!await FindAsync(collection, recordId, cancellationToken))
        {
            return NotFound();
        }

        var posted = await Request.ReadFormAsync(cancellationToken);
        var errors = new FormErrors();
        var data = RecordForm.Read(Collection, posted, errors);
        using var scope = new UploadScope(Collection.Id, recordId).Enter(isCreate: false);
        var write = await RecordWrite.RunAsync(
            async () =>
            {
                await AdminUploads.StoreAsync(uploader, Collection, scope, posted, data, isCreate: false, cancellationToken);
                return await records.UpdateAsync(RecordCaller.FromHttp(HttpContext), Collection.Name, recordId, data, cancellationToken) is not null;
            },
            HttpContext.TraceIdentifier,
            errors);
        if (!write.Succeeded)
        {
            await uploader.DiscardAsync(scope.Files);
        }

        if (write.Succeeded)
        {
            Flash = "Changes saved.";
            return Redirect($"/admin/collections/{Collection.Name}/records/{recordId}");
        }

        if (write.Status == StatusCodes.Status404NotFound)
        {
            return NotFound();
        }

        Problem = write.Problem;
        await ShowAsync(posted, write.Errors, cancellationToken);
        var page = Page();
        page.StatusCode = write.Status;
        return page;
    }

    private async Task<bool> FindAsync(string name, string recordId, CancellationToken cancellationToken)
    {
        if ((await cache.GetAsync(cancellationToken)).Find(name) is not { IsUsers: false } found
            || await records.GetAsync(RecordCaller.FromHttp(HttpContext), found.Name, recordId, cancellationToken) is not { } record)
        {
            return false;
        }

        (Collection, Record) = (found, record);
        return true;
    }

    private async Task ShowAsync(IFormCollection? posted, FormErrors errors, CancellationToken cancellationToken) =>
        Form = await RecordFormView.CreateAsync(
            Collection, RecordForm.Inputs(Collection, Record, posted, errors), isUpdate: true, FileLinks.For(tokens, HttpContext, Collection, Record.Id),
            await cache.GetAsync(cancellationToken), records, RecordCaller.FromHttp(HttpContext), cancellationToken);
}
