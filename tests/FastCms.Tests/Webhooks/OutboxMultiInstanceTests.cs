using System.Net;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.Records;

namespace FastCms.Tests.Webhooks;

/// <summary>Two server instances on one PostgreSQL database share the outbox: each event is delivered once, by one of them.</summary>
public sealed class OutboxMultiInstanceTests
{
    [Fact]
    public async Task Deliver_TwoInstances_EveryEventDeliveredExactlyOnce()
    {
        await using var database = await Databases.CreateAsync("postgres");
        await using var receiver = await WebhookReceiver.StartAsync();
        var rootA = TestPaths.NewRoot();
        var rootB = TestPaths.NewRoot();
        await using var a = TestHost.Start(database, rootA, WebhookSetup.FastOutbox);
        await using var b = TestHost.Start(database, rootB, WebhookSetup.FastOutbox);
        var adminA = (await HostAdmin.SetupAsync(a)).Client();
        var token = adminA.DefaultRequestHeaders.Authorization!.Parameter!;
        var adminB = b.Factory.CreateClient().WithBearer(token);
        var collection = await adminA.NewCollectionAsync();
        await adminA.CreateWebhookAsync(new { url = receiver.Url, collections = new[] { collection }, events = new[] { "create" } });

        // Instance B learns of the webhook by polling the database; until then it would not write its events.
        await Task.Delay(3000);
        const int perInstance = 60;
        var created = await Task.WhenAll(Enumerable.Range(0, perInstance * 2).Select(async i =>
            (await (i % 2 == 0 ? adminA : adminB).CreateRecordAsync(collection, new { title = $"r{i}" })).Id()));

        var received = await receiver.WaitAsync(r => r.Select(x => x.Id).Distinct().Count() >= created.Length, seconds: 60);
        await Task.Delay(2000);
        received = receiver.Received;
        Assert.Equal(created.Order(), received.Select(r => r.Json["record"]!["id"]!.GetValue<string>()).Distinct().Order());
        var duplicates = received.GroupBy(r => r.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, $"Delivered more than once: {string.Join(", ", duplicates)}");
        Assert.Equal(created.Length, received.Count);
        Assert.Equal(HttpStatusCode.OK, (await adminB.GetAsync("/api/v1/admin/webhooks")).StatusCode);
        TestPaths.TryDelete(rootA);
        TestPaths.TryDelete(rootB);
    }
}
