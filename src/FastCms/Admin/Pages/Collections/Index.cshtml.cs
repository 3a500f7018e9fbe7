using FastCms.Collections;
using FastCms.Records;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FastCms.Admin.Pages.Collections;

/// <summary>A collection in the list: its definition and how many records it holds.</summary>
internal sealed record CollectionSummary(CollectionDefinition Definition, long Records);

internal sealed class CollectionsIndexModel(SchemaCache cache, RecordService records) : PageModel
{
    public IReadOnlyList<CollectionSummary> Collections { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var schema = await cache.GetAsync(cancellationToken);
        var list = new List<CollectionSummary>();
        foreach (var collection in schema.Collections.Where(c => !c.IsUsers).OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase))
        {
            var page = await records.ListAsync(RecordCaller.System, collection.Name, new ListOptions(PerPage: 1, Fields: "id"), cancellationToken);
            list.Add(new CollectionSummary(collection.Definition, page.Total ?? 0));
        }

        Collections = list;
    }

    /// <summary>"anyone", "admins", or "rule" for one access rule.</summary>
    public static string Access(string? rule) => rule switch
    {
        null => "admins",
        "" => "anyone",
        _ => "rule",
    };
}
