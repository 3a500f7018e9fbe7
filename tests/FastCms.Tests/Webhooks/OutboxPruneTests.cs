using System.Net;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.Records;
using Microsoft.AspNetCore.Http;

namespace FastCms.Tests.Webhooks;

/// <summary>Finished outbox work is kept for <c>FastCms:Outbox:Retention</c> and then pruned; open work is never pruned.</summary>
public sealed class OutboxPruneTests
{
    // Kept two seconds (the dispatcher then prunes every two seconds); a failed attempt waits ten minutes for its retry.
    private static readonly KeyValuePair<string, string?>[] ShortRetention =
    [
        .. WebhookSetup.FastOutbox,
        new("FastCms:Outbox:Retention", "00:00:02"),
        new("FastCms:Outbox:RetryInitialDelay", "00:10:00"),
        new("FastCms:Outbox:RetryMaxDelay", "00:10:00"),
    ];

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Prune_AfterRetention_RemovesDeliveredWorkAndKeepsPendingWork(string provider)
    {
        await using var host = await TestHost.StartAsync(provider, ShortRetention);
        var admin = (await HostAdmin.SetupAsync(host)).Client();
        var collection = await admin.NewCollectionAsync();
        await using var working = await WebhookReceiver.StartAsync();
        await using var failing = await WebhookReceiver.StartAsync();
        failing.Respond = (_, _) => Results.StatusCode(503);
        var delivered = await admin.CreateWebhookAsync(new { url = working.Url, collections = new[] { collection } });
        var pending = await admin.CreateWebhookAsync(new { url = failing.Url, collections = new[] { collection } });

        for (var i = 0; i < 5; i++)
        {
            await admin.CreateRecordAsync(collection, new { title = $"post {i}" });
        }

        await working.WaitAsync(r => r.Count >= 5);
        await failing.WaitAsync(r => r.Count >= 5);

        // Delivered rows go once they are older than the retention; the events stay while a delivery of theirs is open.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await DbProbe.CountAsync(host, "_outbox_deliveries") > 5 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.Empty(await admin.DeliveriesAsync(delivered.Id()));
        var open = await admin.DeliveriesAsync(pending.Id());
        Assert.Equal(5, open.Count);
        Assert.All(open, d => Assert.Equal("pending", d!["status"]!.GetValue<string>()));
        Assert.Equal(5, await DbProbe.CountAsync(host, "_outbox"));

        // Once nothing is open, the events go too.
        await (await admin.DeleteAsync($"/api/v1/admin/webhooks/{pending.Id()}")).ExpectAsync(HttpStatusCode.NoContent);
        deadline = DateTime.UtcNow.AddSeconds(20);
        while (await DbProbe.CountAsync(host, "_outbox") > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.Equal(0, await DbProbe.CountAsync(host, "_outbox"));
        Assert.Equal(0, await DbProbe.CountAsync(host, "_outbox_deliveries"));
    }
}
