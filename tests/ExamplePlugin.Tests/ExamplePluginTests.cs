using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FastCms.Plugins.Testing;

namespace ExamplePlugin.Tests;

public sealed class ExamplePluginTests
{
    public static TheoryData<string> Databases => new("sqlite", "postgres");

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task Hello_GreetingChanged_AnswersNewGreeting(string database)
    {
        await using var cms = await StartAsync(database);

        var before = await cms.Anonymous.GetFromJsonAsync<JsonObject>("/api/v1/plugins/example/hello");
        await cms.UpdateSettingsAsync(new { greeting = "Hi from the test" });
        var after = await cms.Anonymous.GetFromJsonAsync<JsonObject>("/api/v1/plugins/example/hello");

        Assert.Equal("Hello from Example Plugin!", before!["message"]!.GetValue<string>());
        Assert.Equal("Hi from the test", after!["message"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task CreatePost_TitleTooLong_RejectedAndNothingWritten(string database)
    {
        await using var cms = await StartAsync(database);
        await CreatePostsAsync(cms);
        await cms.UpdateSettingsAsync(new { max_title_length = 10 });

        var response = await cms.User.PostAsJsonAsync("/api/v1/collections/posts/records", new { data = new { title = "A title far longer than ten" } });
        var list = await cms.Admin.GetFromJsonAsync<JsonObject>("/api/v1/collections/posts/records");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 10 characters", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, list!["total"]!.GetValue<int>());
        await using var db = cms.CreateDbContext<ExampleDb>();
        Assert.Empty(await db.PostLog.ToListAsync());
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task CreatePost_ByUser_SlugGeneratedAndLoggedInPluginTable(string database)
    {
        await using var cms = await StartAsync(database);
        await CreatePostsAsync(cms);

        var post = await cms.CreateRecordAsync("posts", new { title = "Hello, Plugin World" }, cms.User);

        Assert.Equal("hello-plugin-world", post["data"]!["slug"]!.GetValue<string>());
        await using var db = cms.CreateDbContext<ExampleDb>();
        var entry = Assert.Single(await db.PostLog.ToListAsync());
        Assert.Equal(post["id"]!.GetValue<string>(), entry.PostId);
        Assert.Equal(cms.UserId, entry.UserId);
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task Stats_AfterHookCounted_AdminSeesCountUserIsRefused(string database)
    {
        await using var cms = await StartAsync(database);
        await CreatePostsAsync(cms);
        await cms.CreateRecordAsync("posts", new { title = "Counted" });

        var forUser = await cms.User.GetAsync("/api/v1/plugins/example/stats");
        // After-hooks run after the commit, off the request path: wait for the count.
        var stats = await EventuallyAsync(cms, s => s["posts_created"]!.GetValue<int>() == 1);

        Assert.Equal(HttpStatusCode.Forbidden, forUser.StatusCode);
        Assert.Equal("Counted", stats["last_post_title"]!.GetValue<string>());
    }

    private static async Task<FastCmsTestServer> StartAsync(string database)
    {
        var postgres = database == "postgres";
        Assert.SkipWhen(postgres && Environment.GetEnvironmentVariable(FastCmsTestOptions.PostgresVariable) is not { Length: > 0 },
            $"Set {FastCmsTestOptions.PostgresVariable} to run on PostgreSQL.");
        return await FastCmsTestServer.StartAsync<ExamplePlugin>(options =>
        {
            if (postgres)
            {
                options.UsePostgresFromEnvironment();
            }
        });
    }

    private static Task CreatePostsAsync(FastCmsTestServer cms) =>
        cms.CreateCollectionAsync("posts", [new { name = "title", type = "text" }, new { name = "slug", type = "text" }]);

    private static async Task<JsonObject> EventuallyAsync(FastCmsTestServer cms, Func<JsonObject, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var stats = (await cms.Admin.GetFromJsonAsync<JsonObject>("/api/v1/plugins/example/stats"))!;
            if (done(stats) || DateTime.UtcNow > deadline)
            {
                return stats;
            }

            await Task.Delay(50);
        }
    }
}
