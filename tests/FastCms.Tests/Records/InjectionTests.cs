using System.Net;
using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.Records;

/// <summary>SQL injection through every input that reaches SQL: answered with 400 or no match, and every table survives.</summary>
public abstract class InjectionTests(ServerFixture server) : ServerTests(server)
{
    public static TheoryData<string, string> Attempts => new()
    {
        { "filter", "title = \"x\" || 1=1" },
        { "filter", "title = 'a'' OR 1=1 --'" },
        { "filter", "title;drop table posts" },
        { "filter", "title = \"x\"; DROP TABLE users; --" },
        { "filter", "title = 'x' OR '1'='1'" },
        { "filter", "1=1" },
        { "filter", "title = \"x\" UNION SELECT password_hash FROM users" },
        { "filter", "title\" = \"x" },
        { "filter", "(SELECT 1) = 1" },
        { "sort", "title;drop table posts" },
        { "sort", "-title, (SELECT password_hash FROM users)" },
        { "sort", "title DESC" },
        { "fields", "title;drop table posts" },
        { "fields", "password_hash" },
        { "expand", "title;drop table posts" },
        { "expand", "author.password_hash" },
    };

    public static TheoryData<string> MatchNothing => new()
    {
        "title = \"x\\\" OR 1=1 --\"",
        "title = \"'; DROP TABLE posts; --\"",
        "title = \"x' OR '1'='1\"",
        "title ~ \"%' OR '1'='1\"",
        "author.name = \"' OR 1=1 --\"",
        "title = \"\\u0027 OR 1=1 --\"",
    };

    private async Task<string> PostsAsync()
    {
        var name = RecordClient.NewName("posts");
        await Admin.CreateCollectionAsync(new
        {
            name,
            schema = new object[] { new { name = "title", type = "text" }, new { name = "author", type = "relation", options = new { collection = "users" } } },
            list_rule = "", view_rule = "",
        });
        await Admin.CreateRecordAsync(name, new { title = "a", author = Server.AdminId });
        await Admin.CreateRecordAsync(name, new { title = "b" });
        return name;
    }

    private async Task AssertIntactAsync(string name)
    {
        Assert.Equal(2, await Admin.TotalAsync(name));
        var users = await (await Admin.GetAsync("/api/v1/admin/users")).ExpectAsync(HttpStatusCode.OK);
        Assert.True(users["total"]!.GetValue<long>() >= 1);
        await (await Admin.GetAsync($"/api/v1/collections/name/{name}")).ExpectAsync(HttpStatusCode.OK);
    }

    [Theory]
    [MemberData(nameof(Attempts))]
    public async Task List_InjectionInParameter_Returns400AndTablesStayIntact(string parameter, string value)
    {
        var name = await PostsAsync();
        var response = await Anonymous().GetAsync($"/api/v1/collections/{name}/records?{parameter}={Uri.EscapeDataString(value)}");
        await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        await AssertIntactAsync(name);
    }

    [Theory]
    [MemberData(nameof(MatchNothing))]
    public async Task List_InjectionInsideStrings_MatchesNothing(string filter)
    {
        var name = await PostsAsync();
        var page = await Anonymous().ListAsync(name, $"filter={Uri.EscapeDataString(filter)}");
        Assert.Empty(page["items"]!.AsArray());
        await AssertIntactAsync(name);
    }

    [Theory]
    [InlineData("posts;drop table users")]
    [InlineData("posts\"; DROP TABLE users; --")]
    [InlineData("users")]
    [InlineData("_collections")]
    public async Task Records_InjectionInCollectionName_IsRefused(string collection)
    {
        var name = await PostsAsync();
        var response = await Admin.GetAsync($"/api/v1/collections/{Uri.EscapeDataString(collection)}/records");
        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"Got {response.StatusCode}");
        await AssertIntactAsync(name);
    }

    [Theory]
    [InlineData("x; DROP TABLE users", "title")]
    [InlineData("x\"", "title")]
    [InlineData("ok", "title\"; DROP TABLE users; --")]
    [InlineData("ok", "a b")]
    public async Task Collections_InjectionInNames_Returns400(string collection, string field)
    {
        var name = await PostsAsync();
        var response = await Admin.PostJsonAsync("/api/v1/collections", new { name = collection, schema = new object[] { new { name = field, type = "text" } } });
        await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        await AssertIntactAsync(name);
    }

    [Fact]
    public async Task Records_InjectionInValuesAndIds_IsStoredAsData()
    {
        var name = await PostsAsync();
        const string Evil = "'); DROP TABLE users; --";
        var created = await Admin.CreateRecordAsync(name, new { title = Evil });
        Assert.Equal(Evil, created.Data()["title"]!.GetValue<string>());
        await (await Admin.GetAsync($"/api/v1/collections/{name}/records/{Uri.EscapeDataString("x' OR '1'='1")}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(3, await Admin.TotalAsync(name));
        Assert.Equal(Evil, await Admin.MatchingAsync(name, $"title = \"{Evil}\""));
    }
}

public sealed class InjectionTestsSqlite(SqliteServer server) : InjectionTests(server), IClassFixture<SqliteServer>;

public sealed class InjectionTestsPostgres(PostgresServer server) : InjectionTests(server), IClassFixture<PostgresServer>;
