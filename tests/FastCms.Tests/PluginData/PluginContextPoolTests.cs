using System.Net;
using FastCms.Tests.Infrastructure;
using static FastCms.Tests.Infrastructure.PluginFolders;

namespace FastCms.Tests.PluginData;

/// <summary>
/// Plugin database contexts are reused from a pool per context type: a reused context starts clean (nothing tracked,
/// default settings, the new write's transaction), never belongs to another plugin, and one left with an open connection
/// is not reused.
/// </summary>
public sealed class PluginContextPoolTests
{
    // Each plugin's hook reports what the context it got looked like, and then leaves it dirty: an unsaved entity
    // tracked, tracking switched off and a query-tracking default changed.
    private static string Journal(string id) => $$"""
        namespace {{Namespace(id)}};

        public sealed class Line : PluginModel
        {
            public string RecordId { get; set; } = "";
            public string Plugin { get; set; } = "";
        }

        public sealed class JournalDb(PluginDbOptions options) : PluginDbContext(options)
        {
            public DbSet<Line> Lines => Set<Line>();
        }

        public sealed class JournalPlugin : IPlugin
        {
            private static readonly System.Collections.Concurrent.ConcurrentQueue<string> Seen = new();

            public PluginMeta Meta { get; } = new("{{id}}", "{{id}}", "1.0.0");

            public void Register(IPluginContext ctx)
            {
                var journal = ctx.UseDatabase<JournalDb>();
                ctx.OnRecordCreating("items", async (change, ct) =>
                {
                    await using var db = journal.CreateContext();
                    Seen.Enqueue(string.Join("|", db.ContextId.InstanceId, db.ContextId.Lease, db.PluginId, db.TableOf<Line>(),
                        db.ChangeTracker.Entries().Count(), db.ChangeTracker.AutoDetectChangesEnabled, db.ChangeTracker.QueryTrackingBehavior,
                        db.Database.CurrentTransaction is not null));
                    db.Lines.Add(new Line { RecordId = change.RecordId, Plugin = ctx.PluginId });
                    await db.SaveChangesAsync(ct);
                    db.Lines.Add(new Line { RecordId = "never saved", Plugin = ctx.PluginId });
                    db.ChangeTracker.AutoDetectChangesEnabled = false;
                    db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
                    if (change.Data["title"]!.GetValue<string>() == "reject") change.Reject("Rejected.");
                });

                var api = ctx.IncludeRouter("/{{id}}");
                api.MapGet("/seen", () => Seen.ToArray());
                api.MapGet("/lines", async (JournalDb db) => await db.Lines.Select(l => l.RecordId + ":" + l.Plugin).ToListAsync());
                api.MapGet("/context", async (JournalDb db, bool leaveOpen) =>
                {
                    var described = $"{db.ContextId.InstanceId}|{db.ContextId.Lease}|{db.ChangeTracker.Entries().Count()}|{await db.Lines.CountAsync()}";
                    db.Lines.Add(new Line { RecordId = "route, never saved" });
                    if (leaveOpen) await db.Database.OpenConnectionAsync();
                    return new { described };
                });
            }
        }
        """;

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task CreateContext_ReusedAcrossWrites_StartsCleanInTheNewTransaction(string provider)
    {
        await using var host = await StartAsync(provider, "journal-a", "journal-b");
        var admin = (await HostAdmin.SetupAsync(host)).Client();
        await CreateItemsAsync(admin);

        for (var i = 0; i < 6; i++)
        {
            var title = i == 2 ? "reject" : $"post {i}";
            var response = await admin.PostJsonAsync("/api/v1/collections/items/records", new { data = new { title } });
            Assert.Equal(i == 2 ? HttpStatusCode.BadRequest : HttpStatusCode.Created, response.StatusCode);
        }

        var anonymous = host.Factory.CreateClient();
        foreach (var plugin in new[] { "journal-a", "journal-b" })
        {
            var seen = (await (await anonymous.GetAsync($"/api/v1/plugins/{plugin}/seen")).ExpectAsync(HttpStatusCode.OK))
                .AsArray().Select(s => s!.GetValue<string>().Split('|')).ToList();
            // The first plugin's hook rejects the third write, so the second plugin's hook never sees it.
            Assert.Equal(plugin == "journal-a" ? 6 : 5, seen.Count);

            // The same instance served the writes one after another, each time as a new lease...
            Assert.Single(seen.Select(s => s[0]).Distinct());
            Assert.Equal(seen.Count, seen.Select(s => s[1]).Distinct().Count());

            // ...of its own plugin, and clean: nothing tracked, default settings, inside the write's transaction.
            var table = plugin.Replace('-', '_') + "_lines";
            Assert.All(seen, s => Assert.Equal([plugin, table, "0", "True", "TrackAll", "True"], s[2..]));

            // The rejected write took its row with it; the entities left unsaved were never written.
            var lines = (await (await anonymous.GetAsync($"/api/v1/plugins/{plugin}/lines")).ExpectAsync(HttpStatusCode.OK))
                .AsArray().Select(l => l!.GetValue<string>()).ToList();
            Assert.Equal(5, lines.Count);
            Assert.All(lines, l => Assert.EndsWith(":" + plugin, l));
        }

        Assert.Equal(5L, await DbProbe.CountAsync(host, "items"));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task RouteContext_ReturnedAfterTheRequest_NextRequestStartsClean(string provider)
    {
        await using var host = await StartAsync(provider, "journal-a");
        var client = host.Factory.CreateClient();

        var first = await GetContextAsync(client, leaveOpen: false);
        var second = await GetContextAsync(client, leaveOpen: false);
        Assert.Equal(first[0], second[0]);
        Assert.NotEqual(first[1], second[1]);
        Assert.Equal(["0", "0"], second[2..]);

        // A context whose connection the handler left open is not handed out again; the next request still works.
        var open = await GetContextAsync(client, leaveOpen: true);
        var afterOpen = await GetContextAsync(client, leaveOpen: false);
        Assert.Equal(open[0], second[0]);
        Assert.NotEqual(open[0], afterOpen[0]);
        Assert.Equal(["0", "0"], afterOpen[2..]);
        Assert.Equal(["0", "0"], (await GetContextAsync(client, leaveOpen: false))[2..]);
    }

    private static async Task<string[]> GetContextAsync(HttpClient client, bool leaveOpen)
    {
        var response = await client.GetAsync($"/api/v1/plugins/journal-a/context?leaveOpen={leaveOpen}");
        return (await response.ExpectAsync(HttpStatusCode.OK))["described"]!.GetValue<string>().Split('|');
    }

    private static string Namespace(string id) => string.Concat(id.Split('-').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    private static async Task<TestHost> StartAsync(string provider, params string[] plugins)
    {
        var root = TestPaths.NewRoot();
        foreach (var plugin in plugins)
        {
            Write(root, plugin, "Plugin.cs", Journal(plugin));
        }

        return await TestHost.StartAsync(provider, root: root);
    }

    private static async Task CreateItemsAsync(HttpClient admin) =>
        await (await admin.PostJsonAsync("/api/v1/collections", new
        {
            name = "items",
            schema = new object[] { new { name = "title", type = "text" } },
            list_rule = "",
            view_rule = "",
        })).ExpectAsync(HttpStatusCode.Created);
}
