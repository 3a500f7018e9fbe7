using System.Net;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.Metrics;
using FastCms.Tests.Records;
using Microsoft.AspNetCore.Http;

namespace FastCms.Tests.Webhooks;

/// <summary>Webhooks delivered to a real receiver on 127.0.0.1: signed, retried with the same id, dead-lettered, redelivered.</summary>
public abstract class WebhookDeliveryTests(ServerFixture server) : ServerTests(server)
{
    [Fact]
    public async Task Create_RecordCommitted_ReceiverGetsSignedPayload()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var collection = await Admin.NewCollectionAsync();
        var webhook = await Admin.CreateWebhookAsync(new { url = receiver.Url, collections = new[] { collection }, events = new[] { "create", "update", "delete" } });
        var secret = webhook["secret"]!.GetValue<string>();

        var record = await Admin.CreateRecordAsync(collection, new { title = "hello" });
        await (await Admin.PatchRecordAsync(collection, record.Id(), new { title = "edited" })).ExpectAsync(HttpStatusCode.OK);
        await (await Admin.DeleteAsync($"/api/v1/collections/{collection}/records/{record.Id()}")).ExpectAsync(HttpStatusCode.NoContent);

        var received = await receiver.WaitAsync(r => r.Count >= 3);
        Assert.All(received, r => Assert.True(r.IsSignedWith(secret), $"Bad signature on {r.Body}"));
        Assert.All(received, r => Assert.False(r.IsSignedWith("whsec_" + Convert.ToBase64String(new byte[32]))));
        Assert.Equal(["record.created", "record.updated", "record.deleted"], received.Select(r => r.Json["type"]!.GetValue<string>()).Order().Reverse().OrderBy(t => t switch
        {
            "record.created" => 0,
            "record.updated" => 1,
            _ => 2,
        }));
        var created = received.Single(r => r.Json["type"]!.GetValue<string>() == "record.created");
        Assert.Equal(created.Id, created.Json["id"]!.GetValue<string>());
        Assert.Equal(collection, created.Json["collection"]!.GetValue<string>());
        Assert.Equal(record.Id(), created.Json["record"]!["id"]!.GetValue<string>());
        Assert.Equal("hello", created.Json["record"]!["title"]!.GetValue<string>());
        Assert.True(Math.Abs(long.Parse(created.Timestamp!) - DateTimeOffset.UtcNow.ToUnixTimeSeconds()) < 60);
        Assert.Equal(3, received.Select(r => r.Id).Distinct().Count());

        var log = await Admin.WaitForDeliveriesAsync(webhook.Id(), l => l.Count == 3 && l.All(d => d!["status"]!.GetValue<string>() == "delivered"));
        Assert.All(log, d => Assert.Equal(200, d!["response_code"]!.GetValue<int>()));
        Assert.All(log, d => Assert.Equal("\"thanks\"", d!["response_body"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Deliver_ReceiverFailsThreeTimes_FourthAttemptSucceedsWithSameId()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (_, before) => before < 3 ? Results.StatusCode(503) : Results.Ok();
        var collection = await Admin.NewCollectionAsync();
        var webhook = await Admin.CreateWebhookAsync(new { url = receiver.Url, collections = new[] { collection }, events = new[] { "create" } });

        await Admin.CreateRecordAsync(collection, new { title = "retry me" });

        var received = await receiver.WaitAsync(r => r.Count >= 4);
        Assert.Single(received.Select(r => r.Id).Distinct());
        var log = await Admin.WaitForDeliveriesAsync(webhook.Id(), l => l.Count == 1 && l[0]!["status"]!.GetValue<string>() == "delivered");
        Assert.Equal(4, log[0]!["attempts"]!.GetValue<int>());
        await Task.Delay(500);
        Assert.Equal(4, receiver.Received.Count);
    }

    [Fact]
    public async Task Write_RejectedOrRolledBack_SendsNothing()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var collection = await Admin.NewCollectionAsync(uniqueTitle: true);
        await Admin.CreateWebhookAsync(new { url = receiver.Url, collections = new[] { collection } });

        // Invalid data is refused before anything is written; a batch whose second record breaks a unique index fails inside
        // the transaction, after the first record was inserted, and rolls back as a whole.
        await (await Admin.PostRecordAsync(collection, new { title = "" })).ExpectAsync(HttpStatusCode.BadRequest);
        var batch = await Admin.PostJsonAsync($"/api/v1/collections/{collection}/records/batch",
            new { records = new object[] { new { title = "twin" }, new { title = "twin" } } });
        Assert.True(batch.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict, $"The batch answered {(int)batch.StatusCode}.");
        Assert.Equal(0, await Admin.TotalAsync(collection));
        await Admin.CreateRecordAsync(collection, new { title = "marker" });

        var received = await receiver.WaitAsync(r => r.Count >= 1);
        await Task.Delay(500);
        Assert.Single(receiver.Received);
        Assert.Equal("marker", received[0].Json["record"]!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Deliver_EveryAttemptFails_DeadLetteredThenRedeliveredByHand()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var failing = true;
        receiver.Respond = (_, _) => failing ? Results.Text("down for maintenance", statusCode: 500) : Results.Ok();
        var collection = await Admin.NewCollectionAsync();
        var webhook = await Admin.CreateWebhookAsync(new { url = receiver.Url, collections = new[] { collection } });

        await Admin.CreateRecordAsync(collection, new { title = "doomed" });

        var log = await Admin.WaitForDeliveriesAsync(webhook.Id(), l => l.Count == 1 && l[0]!["status"]!.GetValue<string>() == "dead");
        Assert.Equal(4, log[0]!["attempts"]!.GetValue<int>());
        Assert.Equal(500, log[0]!["response_code"]!.GetValue<int>());
        Assert.Equal("down for maintenance", log[0]!["response_body"]!.GetValue<string>());
        Assert.Equal(4, receiver.Received.Count);
        Assert.Single((await Admin.DeliveriesAsync(webhook.Id(), "status=dead")));

        failing = false;
        await (await Admin.PostAsync($"/api/v1/admin/webhooks/{webhook.Id()}/deliveries/{log[0]!.Id()}/redeliver", null)).ExpectAsync(HttpStatusCode.Accepted);

        await Admin.WaitForDeliveriesAsync(webhook.Id(), l => l[0]!["status"]!.GetValue<string>() == "delivered");
        Assert.Equal(5, receiver.Received.Count);
        Assert.Single(receiver.Received.Select(r => r.Id).Distinct());
    }

    [Fact]
    public async Task RotateSecret_DuringGrace_SignsWithOldAndNew()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var collection = await Admin.NewCollectionAsync();
        var webhook = await Admin.CreateWebhookAsync(new { url = receiver.Url, collections = new[] { collection } });
        var oldSecret = webhook["secret"]!.GetValue<string>();

        var rotated = await (await Admin.PostAsync($"/api/v1/admin/webhooks/{webhook.Id()}/rotate-secret", null)).ExpectAsync(HttpStatusCode.OK);
        var newSecret = rotated["secret"]!.GetValue<string>();
        Assert.NotEqual(oldSecret, newSecret);
        Assert.NotNull(rotated["previous_secret_valid_until"]);
        await Admin.CreateRecordAsync(collection, new { title = "rotated" });

        var received = (await receiver.WaitAsync(r => r.Count >= 1))[0];
        Assert.True(received.IsSignedWith(newSecret));
        Assert.True(received.IsSignedWith(oldSecret));
        Assert.Equal(2, received.Signature!.Split(' ').Length);

        var listed = await (await Admin.GetAsync($"/api/v1/admin/webhooks/{webhook.Id()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Null(listed["secret"]);
        Assert.DoesNotContain(newSecret, listed.ToJsonString());
    }

    [Fact]
    public async Task CollectionEvents_Subscribed_AreDelivered()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var webhook = await Admin.CreateWebhookAsync(new { url = receiver.Url, events = new[] { "collection.created", "collection.deleted" } });

        var collection = await Admin.NewCollectionAsync();
        await (await Admin.DeleteAsync($"/api/v1/collections/{collection}")).ExpectAsync(HttpStatusCode.NoContent);

        var received = await receiver.WaitAsync(r => r.Count(x => x.Json["collection"]!.GetValue<string>() == collection) >= 2);
        var mine = received.Where(x => x.Json["collection"]!.GetValue<string>() == collection).Select(x => x.Json["type"]!.GetValue<string>()).ToList();
        Assert.Contains("collection.created", mine);
        Assert.Contains("collection.deleted", mine);
        await (await Admin.DeleteAsync($"/api/v1/admin/webhooks/{webhook.Id()}")).ExpectAsync(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Metrics_AfterRetriedDelivery_PrometheusShowsOutcomesRetriesLatencyAndDepth()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (_, before) => before < 1 ? Results.StatusCode(502) : Results.Ok();
        var collection = await Admin.NewCollectionAsync();
        var webhook = await Admin.CreateWebhookAsync(new { url = receiver.Url, collections = new[] { collection } });
        await Admin.CreateRecordAsync(collection, new { title = "measured" });
        await Admin.WaitForDeliveriesAsync(webhook.Id(), l => l.Count == 1 && l[0]!["status"]!.GetValue<string>() == "delivered");

        var text = await (await Admin.GetAsync("/api/v1/admin/metrics/prometheus")).Content.ReadAsStringAsync();

        var samples = PrometheusText.Parse(text);
        Assert.True(samples.Sum("fastcms_outbox_deliveries_total", ("consumer", "webhook"), ("outcome", "delivered")) >= 1, text);
        Assert.True(samples.Sum("fastcms_outbox_deliveries_total", ("consumer", "webhook"), ("outcome", "failed")) >= 1);
        Assert.True(samples.Sum("fastcms_outbox_retries_total", ("consumer", "webhook")) >= 1);
        Assert.True(samples.Sum("fastcms_outbox_delivery_duration_seconds_count", ("consumer", "webhook")) >= 2);
        Assert.Contains(samples, s => s.Name == "fastcms_outbox_depth");
        Assert.Contains(samples, s => s.Name == "fastcms_outbox_oldest_age_seconds");
    }
}

public sealed class WebhookDeliveryTestsSqlite(SqliteServer<WebhookSetup> server) : WebhookDeliveryTests(server), IClassFixture<SqliteServer<WebhookSetup>>;

public sealed class WebhookDeliveryTestsPostgres(PostgresServer<WebhookSetup> server) : WebhookDeliveryTests(server), IClassFixture<PostgresServer<WebhookSetup>>;
