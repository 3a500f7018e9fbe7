using System.Globalization;
using FastCms.Collections;
using FastCms.Files;
using FastCms.Records;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FastCms.Admin.Pages.Records;

/// <summary>A column of the records table: a field (by index) or a system field (<c>created</c>, <c>updated</c>).</summary>
internal sealed record RecordColumn(string Name, int? Field);

/// <summary>
/// The records of one collection: pages of 20, a filter box using the filter language (its error shown at the box)
/// or taking plain words to search for (<see cref="RecordSearch"/>), sorting by column. Reads go through <see cref="RecordService"/> as the signed-in admin.
/// </summary>
internal sealed class RecordsIndexModel(SchemaCache cache, RecordService records, FileTokens tokens) : PageModel
{
    private FileLinks? _fileLinks;

    public const int PerPage = 20;

    [BindProperty(Name = "filter", SupportsGet = true)]
    public string? Filter { get; set; }

    [BindProperty(Name = "sort", SupportsGet = true)]
    public string? Sort { get; set; }

    public CompiledCollection Collection { get; private set; } = null!;

    public IReadOnlyList<RecordColumn> Columns { get; private set; } = [];

    public RecordPage Result { get; private set; } = new([], 0, 1, PerPage, 0);

    /// <summary>The filter's problem (with the position it was found at), shown at the filter box.</summary>
    public string? FilterError { get; private set; }

    public string? SortError { get; private set; }

    /// <summary>When the filter box held plain words: the filter expression that searched for them.</summary>
    public string? SearchFilter { get; private set; }

    /// <summary>The filter the list ran with: the box's expression, or the filter its search words became.</summary>
    public string? EffectiveFilter { get; private set; }

    /// <summary>The list could be read: the filter and the order are valid.</summary>
    public bool IsListed => FilterError is null && SortError is null;

    /// <summary>The CSV export of every record this list's filter matches, in its order.</summary>
    public string ExportUrl => $"/admin/collections/{Collection.Name}/export.csv{ListUrl(page: 1)[$"/admin/collections/{Collection.Name}".Length..]}";

    public bool HasHiddenFields => Collection.Fields.Any(f => f.Hidden);

    /// <summary>Links for a row's files; one file token serves the whole page.</summary>
    public FileLinks? FileLinksFor(string recordId) => (_fileLinks ??= FileLinks.For(tokens, HttpContext, Collection, recordId)) is { } links
        ? links with { RecordId = recordId }
        : null;

    public async Task<IActionResult> OnGetAsync(string collection, CancellationToken cancellationToken)
    {
        if ((await cache.GetAsync(cancellationToken)).Find(collection) is not { IsUsers: false } found)
        {
            return NotFound();
        }

        Collection = found;
        Columns = [.. found.PublicFields.Select(i => new RecordColumn(found.Fields[i].Name, i)), new RecordColumn("created", null), new RecordColumn("updated", null)];
        var page = int.TryParse(Request.Query["page"], CultureInfo.InvariantCulture, out var number) && number > 0 ? number : 1;
        var caller = RecordCaller.FromHttp(HttpContext);
        try
        {
            var filter = Filter;
            if (RecordSearch.IsWords(Filter))
            {
                filter = SearchFilter = RecordSearch.ToFilter(found, Filter!);
            }

            EffectiveFilter = filter;
            Result = await records.ListAsync(caller, found.Name, new ListOptions(page, PerPage, filter, Sort), cancellationToken);
            (await RelationLabels.ForRecordsAsync(await cache.GetAsync(cancellationToken), found, Result.Items, records, caller, cancellationToken)).Into(ViewData);
        }
        catch (InvalidQueryException e) when (e.Parameter is "filter" or "sort")
        {
            var message = e.Message;
            if (e.Parameter == "filter")
            {
                FilterError = message;
            }
            else
            {
                SortError = message;
            }

            var status = Page();
            status.StatusCode = StatusCodes.Status400BadRequest;
            return status;
        }

        return Page();
    }

    public string Summary => Result.Total is not { } total || total == 0
        ? "No records"
        : $"{(Result.Page - 1) * PerPage + 1}–{(Result.Page - 1) * PerPage + Result.Items.Count} of {total:N0} records";

    /// <summary>This page's address with the page, the order or the filter changed (page numbering restarts otherwise).</summary>
    public string ListUrl(int? page = null, string? sort = null, bool withFilter = true)
    {
        var query = new QueryBuilder();
        if (withFilter && !string.IsNullOrWhiteSpace(Filter))
        {
            query.Add("filter", Filter);
        }

        var effectiveSort = sort ?? Sort;
        if (!string.IsNullOrWhiteSpace(effectiveSort))
        {
            query.Add("sort", effectiveSort);
        }

        if (page is > 1)
        {
            query.Add("page", page.Value.ToString(CultureInfo.InvariantCulture));
        }

        return $"/admin/collections/{Collection.Name}{query}";
    }

    /// <summary><c>ascending</c>, <c>descending</c> or <c>null</c>: how the list is sorted by <paramref name="column"/>.</summary>
    public string? SortedBy(string column) =>
        Sort?.Trim() == column ? "ascending" : Sort?.Trim() == "-" + column ? "descending" : null;

    /// <summary>The sort that clicking the column's header asks for: ascending first, then descending.</summary>
    public string NextSort(string column) => SortedBy(column) == "ascending" ? "-" + column : column;
}
