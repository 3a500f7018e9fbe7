using System.Net;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.Records;

namespace FastCms.Tests.Webhooks;

/// <summary>
/// Webhook record filters, through the API and a real receiver on 127.0.0.1: only matching events are delivered, judged on
/// the record after the write (before it for a delete), and a filter that cannot be decided from the record is a 400.
/// </summary>
public abstract class WebhookFilterTests(ServerFixture server) : ServerTests(server)
{
    [Fact]
    public async Task Deliver_WithFilter_OnlyMatchingEventsReachReceiver()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var collection = await NewArticlesAsync();
        var webhook = await Admin.CreateWebhookAsync(new
        {
            url = receiver.Url, collections = new[] { collection }, events = new[] { "create", "update", "delete" },
            filter = "status = 'published' && views >= 10 && title ~ 'news'",
        });
        Assert.Equal("status = 'published' && views >= 10 && title ~ 'news'", webhook["filter"]!.GetValue<string>());

        var draft = await Admin.CreateRecordAsync(collection, new { title = "news draft", status = "draft", views = 50 });
        var few = await Admin.CreateRecordAsync(collection, new { title = "news few", status = "published", views = 3 });
        var hit = await Admin.CreateRecordAsync(collection, new { title = "Big NEWS today", status = "published", views = 10 });
        // The draft starts matching; the hit stops matching, so its update is not delivered; the delete is judged on the record as it was.
        await (await Admin.PatchRecordAsync(collection, draft.Id(), new { status = "published" })).ExpectAsync(HttpStatusCode.OK);
        await (await Admin.PatchRecordAsync(collection, hit.Id(), new { status = "archived" })).ExpectAsync(HttpStatusCode.OK);
        await (await Admin.DeleteAsync($"/api/v1/collections/{collection}/records/{draft.Id()}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await Admin.DeleteAsync($"/api/v1/collections/{collection}/records/{few.Id()}")).ExpectAsync(HttpStatusCode.NoContent);
        var marker = await Admin.CreateRecordAsync(collection, new { title = "news marker", status = "published", views = 99 });

        var received = await receiver.WaitAsync(r => r.Any(x => RecordId(x) == marker.Id()));
        await Task.Delay(300);
        var events = receiver.Received.Select(r => (Type: r.Json["type"]!.GetValue<string>(), Record: RecordId(r))).ToList();
        Assert.Equal(
            [("record.created", hit.Id()), ("record.updated", draft.Id()), ("record.deleted", draft.Id()), ("record.created", marker.Id())],
            events.OrderBy(e => Order(e.Type, e.Record, hit.Id(), draft.Id())).ToList());
        var log = await Admin.WaitForDeliveriesAsync(webhook.Id(), l => l.Count == 4);
        Assert.All(log, d => Assert.Equal("delivered", d!["status"]!.GetValue<string>()));
        Assert.DoesNotContain(received, r => RecordId(r) == few.Id());
    }

    [Fact]
    public async Task Update_FilterAddedThenRemoved_NextEventsFollowIt()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var collection = await NewArticlesAsync();
        var webhook = await Admin.CreateWebhookAsync(new { url = receiver.Url, collections = new[] { collection }, events = new[] { "create" } });
        var path = $"/api/v1/admin/webhooks/{webhook.Id()}";

        var patched = await (await Admin.PatchJsonAsync(path, new { filter = "views > 5 && created <= @now" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("views > 5 && created <= @now", patched["filter"]!.GetValue<string>());
        await Admin.CreateRecordAsync(collection, new { title = "low", status = "x", views = 1 });
        var high = await Admin.CreateRecordAsync(collection, new { title = "high", status = "x", views = 6 });
        await receiver.WaitAsync(r => r.Count >= 1);

        var cleared = await (await Admin.PatchJsonAsync(path, new { filter = "" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Null(cleared["filter"]);
        var low = await Admin.CreateRecordAsync(collection, new { title = "low again", status = "x", views = 1 });

        await receiver.WaitAsync(r => r.Any(x => RecordId(x) == low.Id()));
        Assert.Equal([high.Id(), low.Id()], receiver.Received.Select(RecordId).ToList());
    }

    [Fact]
    public async Task Deliver_PatternOutsideAscii_DecidedByTheDatabase()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var collection = await NewArticlesAsync();
        await Admin.CreateWebhookAsync(new { url = receiver.Url, collections = new[] { collection }, events = new[] { "create" }, filter = "title ~ 'über'" });

        await Admin.CreateRecordAsync(collection, new { title = "zürich", status = "x", views = 1 });
        var match = await Admin.CreateRecordAsync(collection, new { title = "alles über uns", status = "x", views = 1 });
        var marker = await Admin.CreateRecordAsync(collection, new { title = "marker über", status = "x", views = 1 });

        await receiver.WaitAsync(r => r.Any(x => RecordId(x) == marker.Id()));
        await Task.Delay(300);
        Assert.Equal(new[] { match.Id(), marker.Id() }.Order(), receiver.Received.Select(RecordId).Order());
    }

    [Fact]
    public async Task Deliver_FieldOfFilterRemovedFromSchema_SkipsEventsWithWarning()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var collection = await NewArticlesAsync();
        var webhook = await Admin.CreateWebhookAsync(new { url = receiver.Url, collections = new[] { collection }, events = new[] { "create" }, filter = "views > 5" });
        var before = await Admin.CreateRecordAsync(collection, new { title = "before", status = "x", views = 6 });
        await receiver.WaitAsync(r => r.Any(x => RecordId(x) == before.Id()));

        var definition = await (await Admin.GetAsync($"/api/v1/collections/name/{collection}")).ExpectAsync(HttpStatusCode.OK);
        var schema = definition["schema"]!.AsArray().Where(f => f!["name"]!.GetValue<string>() != "views").Select(f => f!.DeepClone()).ToList();
        await (await Admin.PatchJsonAsync($"/api/v1/collections/{collection}", new { schema })).ExpectAsync(HttpStatusCode.OK);
        await Admin.CreateRecordAsync(collection, new { title = "after", status = "x" });

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!Server.Factory.Logs.Lines.Any(line => line.Contains($"Webhook {webhook.Id()} skips", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, "No warning was logged for the event the webhook's filter can no longer decide.");
            await Task.Delay(50);
        }

        Assert.Contains(Server.Factory.Logs.Lines, line => line.Contains($"Webhook {webhook.Id()} skips", StringComparison.Ordinal) && line.Contains("'views'", StringComparison.Ordinal));
        Assert.Equal([before.Id()], receiver.Received.Select(RecordId).ToList());
    }

    [Theory]
    [InlineData("status = ", "expected")]
    [InlineData("nope = 1", "unknown field 'nope'")]
    [InlineData("pin = '1234'", "unknown field 'pin'")]
    [InlineData("views = 'many'", "number")]
    [InlineData("author.email = 'a@example.com'", "relation")]
    [InlineData("status = @request.auth.id", "@request.auth.id")]
    [InlineData("title > 'm'", "collation")]
    [InlineData("meta ~ 'x'", "JSON")]
    public async Task Create_FilterNotDecidableFromRecord_ValidationProblemSaysWhy(string filter, string expected)
    {
        var collection = await NewArticlesAsync();

        var response = await Admin.PostJsonAsync("/api/v1/admin/webhooks", new { url = "https://example.com/hook", collections = new[] { collection }, filter });

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        var message = problem["errors"]!["filter"]![0]!.GetValue<string>();
        Assert.Contains(expected, message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Create_FilterWithoutCollectionsOrWithCollectionEvents_ValidationProblem()
    {
        var collection = await NewArticlesAsync();

        var all = await Admin.PostJsonAsync("/api/v1/admin/webhooks", new { url = "https://example.com/hook", filter = "views > 1" });
        var withCollectionEvents = await Admin.PostJsonAsync("/api/v1/admin/webhooks",
            new { url = "https://example.com/hook", collections = new[] { collection }, events = new[] { "create", "collection.updated" }, filter = "views > 1" });
        var notText = await Admin.PostRawAsync("/api/v1/admin/webhooks", $$$"""{"url":"https://example.com/hook","collections":["{{{collection}}}"],"filter":{"views":1}}""");

        Assert.Contains("collections", (await all.ExpectProblemAsync(HttpStatusCode.BadRequest))["errors"]!["filter"]![0]!.GetValue<string>());
        Assert.Contains("collection.updated", (await withCollectionEvents.ExpectProblemAsync(HttpStatusCode.BadRequest))["errors"]!["filter"]![0]!.GetValue<string>());
        Assert.NotNull((await notText.ExpectProblemAsync(HttpStatusCode.BadRequest))["errors"]!["filter"]);
    }

    [Fact]
    public async Task Update_CollectionsChangedUnderFilter_ValidationProblemKeepsWebhook()
    {
        var collection = await NewArticlesAsync();
        var other = await Admin.NewCollectionAsync();
        var webhook = await Admin.CreateWebhookAsync(new { url = "https://example.com/hook", collections = new[] { collection }, filter = "views > 1" });

        var response = await Admin.PatchJsonAsync($"/api/v1/admin/webhooks/{webhook.Id()}", new { collections = new[] { other } });

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("views", problem["errors"]!["filter"]![0]!.GetValue<string>());
        var stored = await (await Admin.GetAsync($"/api/v1/admin/webhooks/{webhook.Id()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(collection, stored["collections"]![0]!.GetValue<string>());
    }

    private async Task<string> NewArticlesAsync()
    {
        var name = RecordClient.NewName("filtered");
        await Admin.CreateCollectionAsync(new
        {
            name,
            schema = new object[]
            {
                new { name = "title", type = "text" },
                new { name = "status", type = "text" },
                new { name = "views", type = "number" },
                new { name = "meta", type = "json" },
                new { name = "author", type = "relation", options = new { collection = "users" } },
                new { name = "pin", type = "text", hidden = true },
            },
            list_rule = "",
            view_rule = "",
        });
        return name;
    }

    private static string RecordId(ReceivedWebhook received) => received.Json["record"]!["id"]!.GetValue<string>();

    private static int Order(string type, string record, string hit, string draft) => (type, record == hit, record == draft) switch
    {
        ("record.created", true, _) => 0,
        ("record.updated", _, true) => 1,
        ("record.deleted", _, true) => 2,
        _ => 3,
    };
}

public sealed class WebhookFilterTestsSqlite(SqliteServer<WebhookSetup> server) : WebhookFilterTests(server), IClassFixture<SqliteServer<WebhookSetup>>;

public sealed class WebhookFilterTestsPostgres(PostgresServer<WebhookSetup> server) : WebhookFilterTests(server), IClassFixture<PostgresServer<WebhookSetup>>;
