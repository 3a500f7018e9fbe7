using FastCms.Collections;
using FastCms.Data;
using FastCms.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FastCms.Admin.Pages.Records;

/// <summary>What deleting one of the selected records came to: deleted, or refused with the reason.</summary>
internal sealed record BulkDeleteOutcome(string Id, bool Deleted, string? Reason);

/// <summary>
/// Deleting the records selected in the list: a confirmation page that lists them (reached with a plain GET form, so it
/// works without JavaScript), then one delete per record through <see cref="RecordService"/> as the signed-in admin.
/// Each delete is its own write, so a before-hook that refuses one record does not keep the others; the page reports
/// every record's outcome.
/// </summary>
internal sealed class DeleteSelectedModel(SchemaCache cache, RecordService records) : PageModel
{
    /// <summary>More than a few pages of the list at once is not a selection made by hand.</summary>
    public const int MaxSelected = 200;

    [BindProperty(Name = "id", SupportsGet = true)]
    public List<string> Ids { get; set; } = [];

    /// <summary>The list's query string (filter, order, page), to go back to the same list.</summary>
    [BindProperty(Name = "back", SupportsGet = true)]
    public string? Back { get; set; }

    public CompiledCollection Collection { get; private set; } = null!;

    public IReadOnlyList<RecordView> Selected { get; private set; } = [];

    public IReadOnlyList<BulkDeleteOutcome> Outcomes { get; private set; } = [];

    public string? Problem { get; private set; }

    /// <summary>The record's first text field after a dash, so the reader recognises the records; empty without one.</summary>
    public string LabelOf(RecordView record) => RecordSearch.Fields(Collection).FirstOrDefault() is { } field && record[field.Name] is string { Length: > 0 } text
        ? " — " + RecordCell.Short(field.Type == FieldType.Editor ? EditorHtml.ToText(text) : text)
        : "";

    public string ListUrl => $"/admin/collections/{Collection.Name}{(Back is ['?', ..] && !Back.Contains('#', StringComparison.Ordinal) ? Back : "")}";

    public async Task<IActionResult> OnGetAsync(string collection, CancellationToken cancellationToken)
    {
        if (!await FindAsync(collection, cancellationToken))
        {
            return NotFound();
        }

        var selected = new List<RecordView>();
        foreach (var id in Ids)
        {
            if (await records.GetAsync(RecordCaller.FromHttp(HttpContext), Collection.Name, id, cancellationToken) is { } record)
            {
                selected.Add(record);
            }
        }

        Selected = selected;
        // Nothing to confirm is no error: the page says so and leads back to the list.
        Problem ??= Selected.Count > 0 ? null : "None of the selected records exists any more; select records in the list first.";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string collection, CancellationToken cancellationToken)
    {
        if (!await FindAsync(collection, cancellationToken))
        {
            return NotFound();
        }

        if (Ids.Count == 0)
        {
            return Refused(Problem!);
        }

        var outcomes = new List<BulkDeleteOutcome>();
        foreach (var id in Ids)
        {
            outcomes.Add(await DeleteAsync(id, cancellationToken));
        }

        Outcomes = outcomes;
        return Page();
    }

    private async Task<BulkDeleteOutcome> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            var write = await RecordWrite.RunAsync(
                () => records.DeleteAsync(RecordCaller.FromHttp(HttpContext), Collection.Name, id, cancellationToken), HttpContext.TraceIdentifier);
            return write switch
            {
                { Succeeded: true } => new BulkDeleteOutcome(id, true, null),
                { Status: StatusCodes.Status404NotFound } => new BulkDeleteOutcome(id, false, "Not found: it was deleted already."),
                _ => new BulkDeleteOutcome(id, false, write.Problem ?? string.Join(" ", write.Errors.Fields.SelectMany(write.Errors.For))),
            };
        }
        catch (RecordProblemException e)
        {
            // The collection went away meanwhile: the remaining records are reported, not turned into an error page.
            return new BulkDeleteOutcome(id, false, e.Message);
        }
    }

    private async Task<bool> FindAsync(string collection, CancellationToken cancellationToken)
    {
        if ((await cache.GetAsync(cancellationToken)).Find(collection) is not { IsUsers: false } found)
        {
            return false;
        }

        Collection = found;
        Ids = [.. Ids.Where(RandomId.IsValid).Distinct(StringComparer.Ordinal).Take(MaxSelected)];
        if (Ids.Count == 0)
        {
            Problem = "No record is selected; tick the records to delete in the list first.";
        }

        return true;
    }

    private PageResult Refused(string problem)
    {
        Problem ??= problem;
        var page = Page();
        page.StatusCode = StatusCodes.Status400BadRequest;
        return page;
    }
}
