using System.Net;
using FastCms.Tests.Infrastructure;
using static FastCms.Tests.Infrastructure.PluginFolders;

namespace FastCms.Tests.PluginData;

/// <summary>
/// A plugin's rows written in a before-hook share the record's transaction; plugins read and write records through
/// <c>IRecords</c> as the system or as the calling user, with hooks firing.
/// </summary>
public sealed class PluginTransactionTests
{
    private const string Ledger = """
        namespace Ledger;

        public sealed class Entry : PluginModel
        {
            public string RecordId { get; set; } = "";
            public string Title { get; set; } = "";
        }

        public sealed class LedgerDb(PluginDbOptions options) : PluginDbContext(options)
        {
            public DbSet<Entry> Entries => Set<Entry>();
        }

        public sealed class LedgerPlugin : IPlugin
        {
            public PluginMeta Meta { get; } = new("ledger", "Ledger", "1.0.0");

            public void Register(IPluginContext ctx)
            {
                var ledger = ctx.UseDatabase<LedgerDb>();

                // Runs first: writes the plugin's row through the context the write's services provide.
                ctx.OnRecordCreating("items", async (change, ct) =>
                {
                    var db = change.Services.GetRequiredService<LedgerDb>();
                    db.Entries.Add(new Entry { RecordId = change.RecordId, Title = change.Data["title"]!.GetValue<string>() });
                    await db.SaveChangesAsync(ct);
                }, priority: 10);

                // Runs second: a context of its own, also joined.
                ctx.OnRecordCreating("items", async (change, ct) =>
                {
                    await using var db = ledger.CreateContext();
                    db.Entries.Add(new Entry { RecordId = change.RecordId, Title = "second:" + change.Data["title"]!.GetValue<string>() });
                    await db.SaveChangesAsync(ct);
                }, priority: 5);

                // Runs third: a save that fails (a duplicate key) and is caught, then one that succeeds.
                ctx.OnRecordCreating("items", async (change, ct) =>
                {
                    if (change.Data["title"]!.GetValue<string>() != "retry") return;
                    await using var db = ledger.CreateContext();
                    var taken = await db.Entries.AsNoTracking().Select(e => e.Id).FirstAsync(ct);
                    var clash = db.Entries.Add(new Entry { Id = taken, RecordId = change.RecordId, Title = "clash" });
                    try
                    {
                        await db.SaveChangesAsync(ct);
                        throw new InvalidOperationException("The duplicate key was accepted.");
                    }
                    catch (DbUpdateException)
                    {
                        clash.State = EntityState.Detached;
                    }

                    db.Entries.Add(new Entry { RecordId = change.RecordId, Title = "recovered" });
                    await db.SaveChangesAsync(ct);
                }, priority: 7);

                // Runs last: rejects or fails some writes after the rows above were written.
                ctx.OnRecordCreating("items", change =>
                {
                    var title = change.Data["title"]!.GetValue<string>();
                    if (title == "reject") change.Reject("Rejected by the ledger.");
                    if (title == "explode") throw new InvalidOperationException("hook bug");
                });

                var api = ctx.IncludeRouter("/ledger");
                api.MapGet("/entries", async (LedgerDb db) => await db.Entries.OrderBy(e => e.Title).Select(e => e.Title).ToListAsync());
                api.MapPost("/system", async (System.Text.Json.Nodes.JsonObject data, IRecords records) =>
                    Results.Json(await records.System.CreateAsync("items", data)));
                api.MapPost("/mine", async (System.Text.Json.Nodes.JsonObject data, IRecords records, ClaimsPrincipal user) =>
                {
                    try
                    {
                        return Results.Json(await records.For(user).CreateAsync("items", data));
                    }
                    catch (RecordsException e)
                    {
                        return Results.Problem(e.Message, statusCode: e.Status);
                    }
                });
                api.MapGet("/visible", async (IRecords records, ClaimsPrincipal user) =>
                {
                    var system = await records.System.ListAsync("items", new RecordListQuery(PerPage: 100));
                    var mine = await records.For(user).ListAsync("items", new RecordListQuery(PerPage: 100));
                    return new { system = system.TotalItems, user = mine.TotalItems };
                });
            }
        }
        """;

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task BeforeHook_PluginRowsShareTheRecordTransaction(string provider)
    {
        await using var host = await StartAsync(provider);
        var admin = (await HostAdmin.SetupAsync(host)).Client();
        await CreateItemsAsync(admin, listRule: "");

        await (await admin.PostJsonAsync("/api/v1/collections/items/records", new { data = new { title = "kept" } })).ExpectAsync(HttpStatusCode.Created);
        await (await admin.PostJsonAsync("/api/v1/collections/items/records", new { data = new { title = "reject" } })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.PostJsonAsync("/api/v1/collections/items/records", new { data = new { title = "explode" } })).ExpectProblemAsync(HttpStatusCode.InternalServerError);

        var entries = await (await host.Factory.CreateClient().GetAsync("/api/v1/plugins/ledger/entries")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["kept", "second:kept"], entries.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Equal(2L, await DbProbe.CountAsync(host, "ledger_entries"));
        Assert.Equal(1L, await DbProbe.CountAsync(host, "items"));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task BeforeHook_FailedSaveCaught_LeavesNoRowAndTheWriteCommits(string provider)
    {
        await using var host = await StartAsync(provider);
        var admin = (await HostAdmin.SetupAsync(host)).Client();
        await CreateItemsAsync(admin, listRule: "");

        await (await admin.PostJsonAsync("/api/v1/collections/items/records", new { data = new { title = "kept" } })).ExpectAsync(HttpStatusCode.Created);
        await (await admin.PostJsonAsync("/api/v1/collections/items/records", new { data = new { title = "retry" } })).ExpectAsync(HttpStatusCode.Created);

        var entries = await (await host.Factory.CreateClient().GetAsync("/api/v1/plugins/ledger/entries")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["kept", "recovered", "retry", "second:kept", "second:retry"], entries.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Equal(2L, await DbProbe.CountAsync(host, "items"));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Records_AsSystemAndAsUser_RulesAndHooksApply(string provider)
    {
        await using var host = await StartAsync(provider);
        var admin = (await HostAdmin.SetupAsync(host)).Client();
        await CreateItemsAsync(admin, listRule: "title != \"hidden\"");
        var user = await NewUserClientAsync(host);

        // As the system: rules bypassed (creating is admins-only), hooks fire.
        var created = await (await user.PostJsonAsync("/api/v1/plugins/ledger/system", new { title = "via system" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("via system", created["title"]!.GetValue<string>());
        await (await user.PostJsonAsync("/api/v1/plugins/ledger/system", new { title = "hidden" })).ExpectAsync(HttpStatusCode.OK);
        var entries = await (await host.Factory.CreateClient().GetAsync("/api/v1/plugins/ledger/entries")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains("via system", entries.AsArray().Select(e => e!.GetValue<string>()));

        // As the user: the create rule (admins only) and the list rule apply.
        var refused = await (await user.PostJsonAsync("/api/v1/plugins/ledger/mine", new { title = "by user" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("Only admins may create records in 'items'", refused["detail"]!.GetValue<string>());
        var visible = await (await user.GetAsync("/api/v1/plugins/ledger/visible")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, visible["system"]!.GetValue<long>());
        Assert.Equal(1, visible["user"]!.GetValue<long>());
        var viaAdmin = await (await admin.PostJsonAsync("/api/v1/plugins/ledger/mine", new { title = "by admin" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("by admin", viaAdmin["title"]!.GetValue<string>());
    }

    private static async Task<TestHost> StartAsync(string provider)
    {
        var root = TestPaths.NewRoot();
        Write(root, "ledger", "Plugin.cs", Ledger);
        return await TestHost.StartAsync(provider, root: root);
    }

    private static async Task CreateItemsAsync(HttpClient admin, string listRule) =>
        await (await admin.PostJsonAsync("/api/v1/collections", new
        {
            name = "items",
            schema = new object[] { new { name = "title", type = "text" } },
            list_rule = listRule,
            view_rule = "",
        })).ExpectAsync(HttpStatusCode.Created);

    private static async Task<HttpClient> NewUserClientAsync(TestHost host)
    {
        const string password = "User-pass-1234";
        var body = await (await host.Factory.CreateClient().PostJsonAsync("/api/v1/auth/register",
            new { email = $"u{Guid.NewGuid():N}@example.com", password, password_confirm = password })).ExpectAsync(HttpStatusCode.Created);
        return host.Factory.CreateClient().WithBearer(body["token"]!["access_token"]!.GetValue<string>());
    }
}
