using System.Globalization;
using FastCms.Collections;
using FastCms.Records;

namespace FastCms.Admin.Dashboard;

/// <summary>Dashboard cards for collections and the records in them.</summary>
internal sealed class CollectionStats(SchemaCache cache, RecordService records) : IDashboardStatSource
{
    public string Name => "Collections";

    public async Task<IReadOnlyList<DashboardStat>> GetStatsAsync(CancellationToken cancellationToken)
    {
        var collections = (await cache.GetAsync(cancellationToken)).Collections.Where(c => !c.IsUsers).ToList();
        long total = 0;
        foreach (var collection in collections)
        {
            var page = await records.ListAsync(RecordCaller.System, collection.Name, new ListOptions(PerPage: 1, Fields: "id"), cancellationToken);
            total += page.Total ?? 0;
        }

        return
        [
            new("Collections", collections.Count.ToString("N0", CultureInfo.InvariantCulture), "fa-solid fa-layer-group", "/admin/collections", 200),
            new("Records", total.ToString("N0", CultureInfo.InvariantCulture), "fa-solid fa-table-list", "/admin/collections", 210),
        ];
    }
}
