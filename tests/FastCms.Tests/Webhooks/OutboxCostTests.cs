using System.Net;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.Records;

namespace FastCms.Tests.Webhooks;

/// <summary>
/// The outbox costs nothing while no consumer is configured, none follows what is written, or every webhook's filter
/// refuses the written record: its table is not written at all.
/// </summary>
public sealed class OutboxCostTests
{
    // The dispatcher waits seconds before taking events, so a row written for nothing would still be there when counted.
    private static readonly KeyValuePair<string, string?>[] SlowDispatcher =
        [.. WebhookSetup.FastOutbox, new("FastCms:Outbox:PollInterval", "00:01:00"), new("FastCms:Outbox:BatchWindow", "00:00:03")];

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Write_NoConsumerConfigured_OutboxNotWrittenUntilAWebhookExists(string provider)
    {
        await using var host = await TestHost.StartAsync(provider, WebhookSetup.FastOutbox);
        var admin = (await HostAdmin.SetupAsync(host)).Client();
        var collection = await admin.NewCollectionAsync();

        await admin.CreateRecordAsync(collection, new { title = "unobserved" });
        Assert.Equal(0, await DbProbe.CountAsync(host, "_outbox"));

        await admin.CreateWebhookAsync(new { url = "http://127.0.0.1:9/never-called", collections = new[] { collection }, enabled = false });
        await admin.CreateRecordAsync(collection, new { title = "still unobserved" });
        Assert.Equal(0, await DbProbe.CountAsync(host, "_outbox"));

        await using var receiver = await WebhookReceiver.StartAsync();
        await admin.CreateWebhookAsync(new { url = receiver.Url, collections = new[] { collection } });
        await admin.CreateRecordAsync(collection, new { title = "observed" });
        Assert.Equal(1, await DbProbe.CountAsync(host, "_outbox"));
        var received = await receiver.WaitAsync(r => r.Count >= 1);
        Assert.Equal("observed", received[0].Json["record"]!["title"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Write_NoWebhookFollowsTheCollectionOrEvent_OutboxNotWritten(string provider)
    {
        await using var host = await TestHost.StartAsync(provider, SlowDispatcher);
        var admin = (await HostAdmin.SetupAsync(host)).Client();
        var followed = await admin.NewCollectionAsync();
        var other = await admin.NewCollectionAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        await admin.CreateWebhookAsync(new { url = receiver.Url, collections = new[] { followed }, events = new[] { "update" } });

        // Another collection, and a create where only updates are followed: nothing to deliver, nothing written.
        await admin.CreateRecordAsync(other, new { title = "elsewhere" });
        var record = await admin.CreateRecordAsync(followed, new { title = "created" });
        Assert.Equal(0, await DbProbe.CountAsync(host, "_outbox"));

        await (await admin.PatchRecordAsync(followed, record.Id(), new { title = "updated" })).ExpectAsync(HttpStatusCode.OK);
        var received = await receiver.WaitAsync(r => r.Count >= 1);
        Assert.Equal("record.updated", received[0].Json["type"]!.GetValue<string>());
        Assert.Equal(1, await DbProbe.CountAsync(host, "_outbox"));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Write_WebhookFilterRefusesTheRecord_OutboxNotWritten(string provider)
    {
        await using var host = await TestHost.StartAsync(provider, SlowDispatcher);
        var admin = (await HostAdmin.SetupAsync(host)).Client();
        var collection = await admin.NewCollectionAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        await admin.CreateWebhookAsync(new { url = receiver.Url, collections = new[] { collection }, events = new[] { "create", "update" }, filter = "title = 'wanted'" });

        var record = await admin.CreateRecordAsync(collection, new { title = "refused" });
        await (await admin.PatchRecordAsync(collection, record.Id(), new { title = "refused again" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, await DbProbe.CountAsync(host, "_outbox"));

        await (await admin.PatchRecordAsync(collection, record.Id(), new { title = "wanted" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, await DbProbe.CountAsync(host, "_outbox"));
        var received = await receiver.WaitAsync(r => r.Count >= 1);
        Assert.Equal("record.updated", received[0].Json["type"]!.GetValue<string>());
        Assert.Equal("wanted", received[0].Json["record"]!["title"]!.GetValue<string>());
    }
}
