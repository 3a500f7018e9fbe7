using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using FastCms.Plugins.Data;

namespace FastCms.BenchPlugins;

/// <summary>
/// What a plugin's first real hooks and routes do, for the plugin scenarios of the load benchmark: a before-hook that
/// inserts one row through the plugin's context (creates in <c>audited</c>), a before-hook that reads one record through
/// <see cref="IRecords"/> (creates in <c>checked</c>; the setting <c>reference_post</c> names it), a route that runs one EF Core query and a route that lists 20
/// records through <see cref="IRecords"/>.
/// </summary>
public sealed class BenchDataPlugin : IPlugin
{
    public PluginMeta Meta { get; } = new("bench-data", "Benchmark data", "1.0.0")
    {
        Author = "FastCMS",
        Description = "Hooks and routes that use the plugin database and the records API, for the load benchmark",
    };

    public void Register(IPluginContext ctx)
    {
        var database = ctx.UseDatabase<BenchDataDb>();

        ctx.OnRecordCreating("audited", async (change, ct) =>
        {
            await using var db = database.CreateContext();
            db.Audit.Add(new AuditRow { RecordId = change.RecordId, Title = change.Data["title"]?.GetValue<string>() ?? "" });
            await db.SaveChangesAsync(ct);
        });

        ctx.OnRecordCreating("checked", async (change, ct) =>
        {
            // The post the setting names must exist, as a hook checking a reference would.
            var records = change.Services.GetRequiredService<IRecords>();
            if (await records.System.GetAsync("posts", ctx.GetSetting("reference_post", ""), ct) is null)
            {
                change.Reject("The reference post does not exist.");
            }
        });

        var api = ctx.IncludeRouter("/bench-data");
        api.MapPost("/rows", async (BenchDataDb db, int count, CancellationToken ct) =>
        {
            // Ids set here: new entities all have the empty id until the save assigns theirs, which EF Core cannot track at once.
            var rows = Enumerable.Range(0, count).Select(i => new AuditRow { Id = $"seed{i:D11}", RecordId = $"seed{i}", Title = $"Seeded row {i}" }).ToList();
            db.Audit.AddRange(rows);
            await db.SaveChangesAsync(ct);
            return TypedResults.Ok(rows.Select(r => r.Id).ToList());
        });
        api.MapGet("/rows/{id}", async (string id, BenchDataDb db, CancellationToken ct) =>
            await db.Audit.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) is { } row
                ? Results.Ok(row)
                : Results.NotFound());
        api.MapGet("/posts", async (IRecords records, ClaimsPrincipal user, string? filter, string? sort, int? page, int? per_page, CancellationToken ct) =>
        {
            var list = await records.For(user).ListAsync("posts", new RecordListQuery(filter, sort, page ?? 1, per_page ?? 20), ct);
            return TypedResults.Ok(new PostPage(list.Items, list.Page, list.PerPage, list.TotalItems));
        });
    }

    private sealed record PostPage(IReadOnlyList<JsonObject> Items, int Page, int PerPage, long? TotalItems);
}

/// <summary>One row per audited record (table <c>bench_data_audit_row</c>).</summary>
public sealed class AuditRow : PluginModel
{
    public string RecordId { get; set; } = "";

    public string Title { get; set; } = "";
}

/// <summary>The plugin's database.</summary>
public sealed class BenchDataDb(PluginDbOptions options) : PluginDbContext(options)
{
    public DbSet<AuditRow> Audit => Set<AuditRow>();
}
