using System.Globalization;
using System.Text;
using FastCms.Collections;
using FastCms.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;

namespace FastCms.Admin.Pages.Records;

/// <summary>
/// <c>Export CSV</c> of the records list: every record the list's filter (or search words) matches, in its order, as
/// <see cref="RecordCsv"/>. Read through <see cref="RecordService"/> as the signed-in admin and written while it is
/// read, so a collection of any size is exported without being held in memory.
/// </summary>
internal sealed class ExportRecordsModel(SchemaCache cache, RecordService records, TimeProvider clock) : PageModel
{
    [BindProperty(Name = "filter", SupportsGet = true)]
    public string? Filter { get; set; }

    [BindProperty(Name = "sort", SupportsGet = true)]
    public string? Sort { get; set; }

    public async Task<IActionResult> OnGetAsync(string collection, CancellationToken cancellationToken)
    {
        if ((await cache.GetAsync(cancellationToken)).Find(collection) is not { IsUsers: false } found)
        {
            return NotFound();
        }

        var filter = RecordSearch.IsWords(Filter) ? RecordSearch.ToFilter(found, Filter!) : Filter;
        try
        {
            var rows = await records.ListAllAsync(RecordCaller.FromHttp(HttpContext), found.Name, filter, Sort, cancellationToken);
            var name = $"{found.Name}-{clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.csv";
            return new CsvDownload(found, rows, name);
        }
        catch (InvalidQueryException e) when (e.Parameter is "filter" or "sort")
        {
            return BadRequest($"Cannot export: the {e.Parameter} is not valid. {e.Message}");
        }
    }

    /// <summary>Writes the rows as they are read, in chunks of about 32 KB.</summary>
    private sealed class CsvDownload(CompiledCollection collection, IAsyncEnumerable<RecordView> rows, string fileName) : IActionResult
    {
        private const int ChunkSize = 32 * 1024;

        public async Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            var cancellationToken = context.HttpContext.RequestAborted;
            response.ContentType = "text/csv; charset=utf-8; header=present";
            response.Headers.CacheControl = "no-store";
            response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = fileName }.ToString();
            var text = new StringBuilder(ChunkSize + 4096);
            RecordCsv.WriteHeader(text, collection);
            await foreach (var record in rows.WithCancellation(cancellationToken))
            {
                RecordCsv.WriteRow(text, record);
                if (text.Length >= ChunkSize)
                {
                    await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), cancellationToken);
                    text.Clear();
                }
            }

            await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), cancellationToken);
        }
    }
}
