using System.Net;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.Records;

namespace FastCms.Tests.Realtime;

/// <summary>Two servers (separate hosts, each on its own socket) on one PostgreSQL database: writes on one reach streams on the other.</summary>
public sealed class MultiInstanceRealtimeTests
{
    [Fact]
    public async Task Write_OnOneInstance_ReachesSubscribersOfTheOtherWithTheirRules()
    {
        await using var database = await Databases.CreateAsync("postgres");
        await using var a = KestrelHost.Start(database);
        await using var b = KestrelHost.Start(database);
        var apiA = new HttpClient { BaseAddress = new Uri(a.BaseUrl) };
        var apiB = new HttpClient { BaseAddress = new Uri(b.BaseUrl) };
        const string password = ServerFixture.AdminPassword;
        var setup = await (await apiA.PostJsonAsync("/api/v1/setup", new { email = "admin@example.com", password, password_confirm = password })).ExpectAsync(HttpStatusCode.Created);
        var admin = new HttpClient { BaseAddress = new Uri(a.BaseUrl) }.WithBearer(setup["token"]!["access_token"]!.GetValue<string>());
        var name = RecordClient.NewName("rt");
        await admin.CreateCollectionAsync(new
        {
            name, schema = new object[] { new { name = "title", type = "text" }, new { name = "body", type = "editor" }, new { name = "published", type = "bool" } },
            list_rule = "published = true", view_rule = "published = true",
        });
        var register = await (await apiB.PostJsonAsync("/api/v1/auth/register", new { email = "reader@example.com", password = "User-pass-1234", password_confirm = "User-pass-1234" }))
            .ExpectAsync(HttpStatusCode.Created);
        var reader = new HttpClient { BaseAddress = new Uri(b.BaseUrl) }.WithBearer(register["token"]!["access_token"]!.GetValue<string>());
        await using var stream = await SseClient.ConnectAsync(b.BaseUrl);
        await (await stream.SubscribeAsync(reader, $"{name}/*")).ExpectAsync(HttpStatusCode.NoContent);

        await admin.CreateRecordAsync(name, new { title = "draft on a", published = false });
        var small = (await admin.CreateRecordAsync(name, new { title = "small on a", published = true })).Id();
        var large = new string('x', 20_000);
        var big = (await admin.CreateRecordAsync(name, new { title = "large on a", body = large, published = true })).Id();
        await (await admin.DeleteAsync($"/api/v1/collections/{name}/records/{small}")).ExpectAsync(HttpStatusCode.NoContent);

        var first = await stream.NextAsync();
        Assert.Equal(("create", small), (first.Action, first.Record["id"]!.GetValue<string>()));
        var second = await stream.NextAsync();
        Assert.Equal(("create", big, large), (second.Action, second.Record["id"]!.GetValue<string>(), second.Record["data"]!["body"]!.GetValue<string>()));
        var third = await stream.NextAsync();
        Assert.Equal(("delete", small), (third.Action, third.Record["id"]!.GetValue<string>()));
    }
}
