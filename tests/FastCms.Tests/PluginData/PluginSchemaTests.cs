using System.Net;
using System.Text.Json.Nodes;
using FastCms.Tests.Infrastructure;
using static FastCms.Tests.Infrastructure.PluginFolders;

namespace FastCms.Tests.PluginData;

/// <summary>
/// A plugin's model across releases, with real plugin folders and restarts over the same database: tables are created and
/// extended by the host, destructive changes are refused with a message and leave the data alone, migrations run once.
/// </summary>
public sealed class PluginSchemaTests
{
    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Restart_ModelChanges_AdditiveAppliedDestructiveRefusedDataKept(string provider)
    {
        await using var host = await TestHost.StartAsync(provider, root: WithMemo(MemoPlugin.Source()));
        var admin = await HostAdmin.SetupAsync(host);
        Assert.Equal("active", (await admin.PluginAsync("memo"))["status"]!.GetValue<string>());
        Assert.Equal(MemoPlugin.Table, (await admin.PluginAsync("memo"))["tables"]![0]!.GetValue<string>());
        Assert.True(await DbProbe.TableExistsAsync(host, MemoPlugin.Table));
        await PostNoteAsync(host, new { title = "first" });
        await PostNoteAsync(host, new { title = "second" });

        // A new property: the column is added on restart and existing rows keep their values (with the CLR default).
        WriteMemo(host, MemoPlugin.Source(
            properties: "public string Title { get; set; } = \"\"; public int Priority { get; set; } public string? Tag { get; set; }",
            projection: "new { n.Title, n.Priority, n.Tag }",
            model: "modelBuilder.Entity<Note>().HasIndex(n => n.Priority);"));
        await host.RestartAsync();
        Assert.Equal("active", (await admin.PluginAsync("memo"))["status"]!.GetValue<string>());
        await PostNoteAsync(host, new { title = "third", priority = 5, tag = "x" });
        var notes = await NotesAsync(host);
        Assert.Equal(["first", "second", "third"], notes.Select(n => n!["title"]!.GetValue<string>()));
        Assert.Equal([0, 0, 5], notes.Select(n => n!["priority"]!.GetValue<int>()));
        Assert.Null(notes[0]!["tag"]);

        // Removing a property is refused: the plugin fails with a message naming the column and what to do.
        WriteMemo(host, MemoPlugin.Source(properties: "public int Priority { get; set; } public string? Tag { get; set; }", projection: "new { n.Priority }",
            model: "modelBuilder.Entity<Note>().HasIndex(n => n.Priority);"));
        await host.RestartAsync();
        var removed = await admin.PluginAsync("memo");
        Assert.Equal("failed", removed["status"]!.GetValue<string>());
        var error = removed["error"]!.GetValue<string>();
        Assert.Contains("Column 'title' of table 'memo_notes' is no longer in the model", error);
        Assert.Contains("ctx.Migrations.Add", error);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Factory.CreateClient().GetAsync("/api/v1/plugins/memo/notes")).StatusCode);
        Assert.Equal(3L, await DbProbe.CountAsync(host, MemoPlugin.Table));

        // Retyping a property is refused too.
        WriteMemo(host, MemoPlugin.Source(properties: "public string Title { get; set; } = \"\"; public string Priority { get; set; } = \"\"; public string? Tag { get; set; }",
            projection: "new { n.Title }"));
        await host.RestartAsync();
        var retyped = await admin.PluginAsync("memo");
        Assert.Equal("failed", retyped["status"]!.GetValue<string>());
        Assert.Contains("Column 'priority' of table 'memo_notes' (Note.Priority) changed type", retyped["error"]!.GetValue<string>());

        // Back to the last good model: everything is still there.
        WriteMemo(host, MemoPlugin.Source(
            properties: "public string Title { get; set; } = \"\"; public int Priority { get; set; } public string? Tag { get; set; }",
            projection: "new { n.Title, n.Priority, n.Tag }",
            model: "modelBuilder.Entity<Note>().HasIndex(n => n.Priority);"));
        await host.RestartAsync();
        Assert.Equal("active", (await admin.PluginAsync("memo"))["status"]!.GetValue<string>());
        Assert.Equal(["first", "second", "third"], (await NotesAsync(host)).Select(n => n!["title"]!.GetValue<string>()));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Restart_ExplicitMigration_RunsExactlyOnceAndResolvesARename(string provider)
    {
        await using var host = await TestHost.StartAsync(provider, root: WithMemo(MemoPlugin.Source(
            properties: "public string Title { get; set; } = \"\"; public int Views { get; set; }", projection: "new { n.Title, n.Views }")));
        var admin = await HostAdmin.SetupAsync(host);
        await PostNoteAsync(host, new { title = "kept", views = 10 });

        // Title becomes Heading; the migration renames the column (keeping the data) and bumps a counter once.
        const string migrations = """
            ctx.Migrations.Add(1, "Rename title to heading", db =>
                db.Database.ExecuteSqlRawAsync($"ALTER TABLE {db.TableOf<Note>()} RENAME COLUMN title TO heading"));
            ctx.Migrations.Add(2, "Count the rename", db =>
                db.Database.ExecuteSqlRawAsync($"UPDATE {db.TableOf<Note>()} SET views = views + 1"));
            """;
        WriteMemo(host, MemoPlugin.Source(
            properties: "public string Heading { get; set; } = \"\"; public int Views { get; set; }", projection: "new { n.Heading, n.Views }", register: migrations));
        await host.RestartAsync();
        Assert.Equal("active", (await admin.PluginAsync("memo"))["status"]!.GetValue<string>());
        await host.RestartAsync();
        await host.RestartAsync();

        var note = Assert.Single(await NotesAsync(host))!;
        Assert.Equal("kept", note["heading"]!.GetValue<string>());
        Assert.Equal(11, note["views"]!.GetValue<int>());
        Assert.Equal(2L, Convert.ToInt64(await DbProbe.ScalarAsync(host, "SELECT COUNT(*) FROM _plugin_migrations WHERE plugin_id = 'memo'")));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Restart_FailingMigration_RollsBackAndRetriesNextStart(string provider)
    {
        await using var host = await TestHost.StartAsync(provider, root: WithMemo(MemoPlugin.Source()));
        var admin = await HostAdmin.SetupAsync(host);
        await PostNoteAsync(host, new { title = "a" });

        const string failing = """
            ctx.Migrations.Add(1, "Half done", async db =>
            {
                await db.Database.ExecuteSqlRawAsync($"UPDATE {db.TableOf<Note>()} SET title = 'changed'");
                throw new InvalidOperationException("second step broke");
            });
            """;
        WriteMemo(host, MemoPlugin.Source(register: failing));
        await host.RestartAsync();
        var failed = await admin.PluginAsync("memo");
        Assert.Equal("failed", failed["status"]!.GetValue<string>());
        Assert.Contains("Migration 1 (Half done) threw InvalidOperationException: second step broke", failed["error"]!.GetValue<string>());
        Assert.Equal("a", await DbProbe.ScalarAsync(host, $"SELECT title FROM {MemoPlugin.Table}"));

        WriteMemo(host, MemoPlugin.Source(register: """
            ctx.Migrations.Add(1, "Fixed", db => db.Database.ExecuteSqlRawAsync($"UPDATE {db.TableOf<Note>()} SET title = title || '!'"));
            """));
        await host.RestartAsync();
        Assert.Equal("active", (await admin.PluginAsync("memo"))["status"]!.GetValue<string>());
        Assert.Equal("a!", Assert.Single(await NotesAsync(host))!["title"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Start_FreshDatabaseWithMigrations_CreatesFromModelAndRecordsMigrationsWithoutRunning(string provider)
    {
        await using var host = await TestHost.StartAsync(provider, root: WithMemo(MemoPlugin.Source(register: """
            ctx.Migrations.Add(1, "Would fail on a fresh database", db => db.Database.ExecuteSqlRawAsync("ALTER TABLE memo_notes RENAME COLUMN nothing TO title"));
            """)));
        var admin = await HostAdmin.SetupAsync(host);
        Assert.Equal("active", (await admin.PluginAsync("memo"))["status"]!.GetValue<string>());
        Assert.Equal(1L, Convert.ToInt64(await DbProbe.ScalarAsync(host, "SELECT COUNT(*) FROM _plugin_migrations WHERE plugin_id = 'memo'")));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Start_TwoPluginsWithSameEntityClassName_GetSeparateTables(string provider)
    {
        var root = TestPaths.NewRoot();
        Write(root, "alpha", "Plugin.cs", MemoPlugin.Source(id: "alpha", ns: "Alpha"));
        Write(root, "beta", "Plugin.cs", MemoPlugin.Source(id: "beta", ns: "Beta"));
        await using var host = await TestHost.StartAsync(provider, root: root);
        var client = host.Factory.CreateClient();
        await (await client.PostJsonAsync("/api/v1/plugins/alpha/notes", new { title = "from alpha" })).ExpectAsync(HttpStatusCode.Created);
        await (await client.PostJsonAsync("/api/v1/plugins/beta/notes", new { title = "from beta" })).ExpectAsync(HttpStatusCode.Created);

        var alpha = (await (await client.GetAsync("/api/v1/plugins/alpha/notes")).ExpectAsync(HttpStatusCode.OK)).AsArray();
        var beta = (await (await client.GetAsync("/api/v1/plugins/beta/notes")).ExpectAsync(HttpStatusCode.OK)).AsArray();
        Assert.Equal("from alpha", Assert.Single(alpha)!["title"]!.GetValue<string>());
        Assert.Equal("from beta", Assert.Single(beta)!["title"]!.GetValue<string>());
        Assert.Equal(1L, await DbProbe.CountAsync(host, "alpha_notes"));
        Assert.Equal(1L, await DbProbe.CountAsync(host, "beta_notes"));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Start_TableNameTakenBySystemTable_PluginFailsAndTableUntouched(string provider)
    {
        // Plugin id "plugin" with a set named Settings maps to "plugin_settings", the host's own table.
        var root = WithMemo(MemoPlugin.Source(id: "plugin", ns: "Clash", set: "Settings"));
        await using var host = await TestHost.StartAsync(provider, root: root);
        var admin = await HostAdmin.SetupAsync(host);
        var plugin = await admin.PluginAsync("plugin");
        Assert.Equal("failed", plugin["status"]!.GetValue<string>());
        Assert.Contains("Table 'plugin_settings' for Note already exists and does not belong to this plugin", plugin["error"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Start_RegisterThrowsAfterDeclaringDatabase_CreatesNoTable(string provider)
    {
        await using var host = await TestHost.StartAsync(provider, root: WithMemo(MemoPlugin.Source(register: "throw new InvalidOperationException(\"not today\");")));
        var admin = await HostAdmin.SetupAsync(host);
        Assert.Equal("failed", (await admin.PluginAsync("memo"))["status"]!.GetValue<string>());
        Assert.False(await DbProbe.TableExistsAsync(host, MemoPlugin.Table));
    }

    [Fact]
    public async Task OpenApi_RouteTakingThePluginContext_DoesNotDocumentTheContext()
    {
        await using var host = await TestHost.StartAsync("sqlite", root: WithMemo(MemoPlugin.Source()));
        var document = await (await host.Factory.CreateClient().GetAsync("/openapi/v1.json")).ExpectAsync(HttpStatusCode.OK);
        var notes = document["paths"]!["/api/v1/plugins/memo/notes"]!;
        Assert.Null(notes["get"]!["requestBody"]);
        Assert.Null(notes["get"]!["parameters"]);
        Assert.DoesNotContain("MemoDb", document.ToJsonString());
    }

    private static string WithMemo(string source)
    {
        var root = TestPaths.NewRoot();
        Write(root, "memo", "Plugin.cs", source);
        return root;
    }

    private static void WriteMemo(TestHost host, string source) => Write(host.Root, "memo", "Plugin.cs", source);

    private static async Task PostNoteAsync(TestHost host, object note) =>
        await (await host.Factory.CreateClient().PostJsonAsync("/api/v1/plugins/memo/notes", note)).ExpectAsync(HttpStatusCode.Created);

    private static async Task<JsonArray> NotesAsync(TestHost host) =>
        (await (await host.Factory.CreateClient().GetAsync("/api/v1/plugins/memo/notes")).ExpectAsync(HttpStatusCode.OK)).AsArray();
}
