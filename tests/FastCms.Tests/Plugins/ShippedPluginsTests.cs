using System.Net;
using FastCms.Events;
using FastCms.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FastCms.Tests.Plugins;

/// <summary>The plugins in the repository's <c>plugins/</c> folder, as a user gets them.</summary>
public abstract class ShippedPluginsTests(ServerFixture server) : ServerTests(server)
{
    [Fact]
    public async Task HelloWorld_Hello_AnswersAsDocumented()
    {
        var body = await (await Anonymous().GetAsync("/api/v1/plugins/hello-world/hello")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("""{"message":"Hello from Hello World plugin!"}""", body.ToJsonString());
    }

    [Fact]
    public async Task AdminPluginList_ShowsBothShippedPluginsActive()
    {
        var plugins = (await (await Admin.GetAsync("/api/v1/admin/plugins")).ExpectAsync(HttpStatusCode.OK)).AsArray();
        Assert.Equal("active", plugins.Single(p => p!["id"]!.GetValue<string>() == "hello-world")!["status"]!.GetValue<string>());
        var example = plugins.Single(p => p!["id"]!.GetValue<string>() == "example-plugin")!;
        Assert.Equal("active", example["status"]!.GetValue<string>());
        Assert.True(example["has_settings_schema"]!.GetValue<bool>());
        Assert.Equal("fa-star", example["admin_pages"]![0]!["icon"]!.GetValue<string>());
        Assert.Equal("/example", example["route_prefixes"]![0]!.GetValue<string>());
        Assert.Equal(["example_plugin_notes", "example_plugin_post_log"], example["tables"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(["nightly-summary"], example["jobs"]!.AsArray().Select(j => j!.GetValue<string>()));
    }

    [Fact]
    public async Task ExamplePlugin_Notes_AnyoneReadsSignedInUsersWriteTheirOwn()
    {
        await (await Anonymous().PostJsonAsync("/api/v1/plugins/example/notes", new { title = "anonymous" })).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        var (ownerId, _, owner, _) = await Server.NewUserAsync();
        var (_, _, other, _) = await Server.NewUserAsync();

        var invalid = await (await owner.PostJsonAsync("/api/v1/plugins/example/notes", new { title = " " })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(invalid["errors"]!["title"]);
        var created = await (await owner.PostJsonAsync("/api/v1/plugins/example/notes", new { title = "Groceries", body = "milk" })).ExpectAsync(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<string>();
        Assert.Equal(15, id.Length);
        Assert.Equal(ownerId, created["owner_id"]!.GetValue<string>());

        var read = await (await Anonymous().GetAsync($"/api/v1/plugins/example/notes/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("milk", read["body"]!.GetValue<string>());
        var list = (await (await Anonymous().GetAsync("/api/v1/plugins/example/notes")).ExpectAsync(HttpStatusCode.OK)).AsArray();
        Assert.Contains(list, n => n!["id"]!.GetValue<string>() == id);

        Assert.Equal(HttpStatusCode.Forbidden, (await other.PatchJsonAsync($"/api/v1/plugins/example/notes/{id}", new { title = "mine now" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.DeleteAsync($"/api/v1/plugins/example/notes/{id}")).StatusCode);
        var updated = await (await owner.PatchJsonAsync($"/api/v1/plugins/example/notes/{id}", new { body = "milk, eggs" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Groceries", updated["title"]!.GetValue<string>());
        Assert.Equal("milk, eggs", updated["body"]!.GetValue<string>());
        Assert.True(updated["updated"]!.GetValue<DateTimeOffset>() >= updated["created"]!.GetValue<DateTimeOffset>());

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/v1/plugins/example/notes/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Anonymous().GetAsync($"/api/v1/plugins/example/notes/{id}")).StatusCode);
    }

    [Fact]
    public async Task ExamplePlugin_NightlySummary_RunNowWritesTheSummarySetting()
    {
        var (_, _, user, _) = await Server.NewUserAsync();
        await (await user.PostJsonAsync("/api/v1/plugins/example/notes", new { title = "for the summary" })).ExpectAsync(HttpStatusCode.Created);
        var run = await (await Admin.PostAsync("/api/v1/admin/jobs/example-plugin/nightly-summary/run", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("succeeded", run["status"]!.GetValue<string>());
        var settings = await (await Admin.GetAsync("/api/v1/admin/plugins/example-plugin/settings")).ExpectAsync(HttpStatusCode.OK);
        Assert.Matches("^[1-9][0-9]* notes, [0-9]+ posts logged", settings["last_summary"]!.GetValue<string>());
        var jobs = (await (await Admin.GetAsync("/api/v1/admin/jobs")).ExpectAsync(HttpStatusCode.OK)).AsArray();
        var job = jobs.Single(j => j!["plugin"]!.GetValue<string>() == "example-plugin")!;
        Assert.Equal("0 2 * * *", job["schedule"]!.GetValue<string>());
        Assert.Equal("succeeded", job["last_result"]!.GetValue<string>());
    }

    [Fact]
    public async Task ExamplePlugin_PublicRoutes_Answer()
    {
        var status = await (await Anonymous().GetAsync("/api/v1/plugins/example/status")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("active", status["status"]!.GetValue<string>());
        Assert.Equal("example-plugin", status["plugin"]!.GetValue<string>());
    }

    [Fact]
    public async Task ExamplePlugin_ProtectedRoutes_RequireAuthAndAdmin()
    {
        await (await Anonymous().GetAsync("/api/v1/plugins/example/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        var (id, _, user, _) = await Server.NewUserAsync();
        var me = await (await user.GetAsync("/api/v1/plugins/example/me")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(id, me["user_id"]!.GetValue<string>());
        Assert.False(me["is_admin"]!.GetValue<bool>());

        await (await Anonymous().GetAsync("/api/v1/plugins/example/stats")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await user.GetAsync("/api/v1/plugins/example/stats")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await Admin.GetAsync("/api/v1/plugins/example/stats")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ExamplePlugin_GreetingSetting_AppliesWithoutRestartAndApiKeyStaysSecret()
    {
        await (await Admin.PatchJsonAsync("/api/v1/admin/plugins/example-plugin/settings", new { greeting = "Changed at runtime", api_key = "k-123" }))
            .ExpectAsync(HttpStatusCode.OK);

        var hello = await (await Anonymous().GetAsync("/api/v1/plugins/example/hello")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Changed at runtime", hello["message"]!.GetValue<string>());
        var settings = await (await Admin.GetAsync("/api/v1/admin/plugins/example-plugin/settings")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("********", settings["api_key"]!.GetValue<string>());
        var stats = await (await Admin.GetAsync("/api/v1/plugins/example/stats")).ExpectAsync(HttpStatusCode.OK);
        Assert.True(stats["api_key_configured"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ExamplePlugin_PostHooks_FillSlugRejectMissingTitlesAndCountPosts()
    {
        var collection = await Admin.PostJsonAsync("/api/v1/collections", new
        {
            name = "posts",
            schema = new object[] { new { name = "title", type = "text" }, new { name = "slug", type = "text" } },
        });
        Assert.True(collection.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, await collection.Content.ReadAsStringAsync());
        var before = (await (await Admin.GetAsync("/api/v1/plugins/example/stats")).ExpectAsync(HttpStatusCode.OK))["posts_created"]!.GetValue<int>();

        var created = await (await Admin.PostJsonAsync("/api/v1/collections/posts/records", new { data = new { title = "Hello, Plugin World!" } }))
            .ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("hello-plugin-world", created["data"]!["slug"]!.GetValue<string>());

        var rejected = await (await Admin.PostJsonAsync("/api/v1/collections/posts/records", new { data = new { title = "   " } }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("A post needs a title.", rejected["detail"]!.GetValue<string>());

        await Server.Factory.Services.GetRequiredService<EventQueue>().WhenIdleAsync(TestContext.Current.CancellationToken);
        var stats = await (await Admin.GetAsync("/api/v1/plugins/example/stats")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(before + 1, stats["posts_created"]!.GetValue<int>());
        Assert.Equal("Hello, Plugin World!", stats["last_post_title"]!.GetValue<string>());
    }
}

public sealed class ShippedPluginsTestsSqlite(SqliteServer<ShippedPluginsSetup> server) : ShippedPluginsTests(server), IClassFixture<SqliteServer<ShippedPluginsSetup>>;

public sealed class ShippedPluginsTestsPostgres(PostgresServer<ShippedPluginsSetup> server) : ShippedPluginsTests(server), IClassFixture<PostgresServer<ShippedPluginsSetup>>;
