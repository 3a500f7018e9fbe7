using System.Net;
using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.Records;

/// <summary>Two server instances on one database: a schema change made through one reaches the other.</summary>
public sealed class SchemaCacheTests
{
    private const string Password = "Admin-pass-1234";

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task SchemaChangeOnOtherInstance_IsPickedUpWithoutErrors(string provider)
    {
        await using var first = await TestHost.StartAsync(provider);
        var setup = await (await first.Factory.CreateClient().PostJsonAsync("/api/v1/setup",
            new { email = "admin@example.com", password = Password, password_confirm = Password })).ExpectAsync(HttpStatusCode.Created);
        var token = setup["token"]!["access_token"]!.GetValue<string>();
        await using var second = TestHost.Start(first.Database, first.Root);
        var a = first.Factory.CreateClient().WithBearer(token);
        var b = second.Factory.CreateClient().WithBearer(token);

        var collection = await a.CreateCollectionAsync(new { name = "posts", schema = new object[] { new { name = "title", type = "text" } } });
        await a.CreateRecordAsync("posts", new { title = "hello" });
        Assert.Equal("hello", await b.MatchingAsync("posts", "title != null"));

        // The second instance still has the old schema cached; its next read hits the renamed column and reloads.
        var field = collection["schema"]![0]!.AsObject();
        await (await a.PatchJsonAsync("/api/v1/collections/posts", new
        {
            schema = new object[] { new { id = field["id"]!.GetValue<string>(), name = "headline", type = "text" } },
        })).ExpectAsync(HttpStatusCode.OK);
        var page = await b.ListAsync("posts");
        Assert.Equal("hello", page["items"]![0]!.Data()["headline"]!.GetValue<string>());
        await b.CreateRecordAsync("posts", new { headline = "from b" });

        await (await a.PatchJsonAsync("/api/v1/collections/posts", new { name = "articles" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, await b.TotalAsync("articles"));
        await (await b.GetAsync("/api/v1/collections/posts/records")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}
