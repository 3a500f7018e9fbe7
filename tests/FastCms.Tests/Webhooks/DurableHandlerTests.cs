using System.Net;
using System.Text.Json.Nodes;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.Records;

namespace FastCms.Tests.Webhooks;

/// <summary>Durable plugin handlers: retried with the same event id, failures shown per plugin and handler, withdrawn on disable.</summary>
public sealed class DurableHandlerTests
{
    private static async Task<(TestHost Host, HttpClient Admin)> StartAsync(string provider, string root)
    {
        DurablePlugin.Write(root);
        var host = await TestHost.StartAsync(provider, WebhookSetup.FastOutbox, root);
        var admin = (await HostAdmin.SetupAsync(host)).Client();
        await admin.CreateCollectionAsync(new { name = "orders", schema = new object[] { new { name = "title", type = "text" } } });
        return (host, admin);
    }

    private static async Task<JsonArray> HandlersAsync(HttpClient admin) =>
        (await (await admin.GetAsync("/api/v1/admin/outbox/handlers")).ExpectAsync(HttpStatusCode.OK)).AsArray();

    private static async Task WaitAsync(Func<Task<bool>> done, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(100);
        }
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task OnRecordCommitted_HandlerFailsTwice_ThirdAttemptSucceedsWithSameEventId(string provider)
    {
        var root = TestPaths.NewRoot();
        var (host, admin) = await StartAsync(provider, root);
        await using var _ = host;
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await admin.CreateRecordAsync("orders", new { title = $"order {i}" })).Id());
        }

        await WaitAsync(() => Task.FromResult(DurablePlugin.Handled(root).Count >= 3), "three handled events");
        var handled = DurablePlugin.Handled(root);
        Assert.Equal(ids.Order(), handled.Select(h => h.RecordId).Order());
        Assert.All(handled, h => Assert.Equal(3, h.Attempt));
        Assert.Equal(3, handled.Select(h => h.EventId).Distinct().Count());

        await WaitAsync(async () => (await HandlersAsync(admin)).Any(h => h!["handler"]!.GetValue<string>() == "broken" && h["dead"]!.GetValue<long>() == 3),
            "the broken handler's deliveries to be dead-lettered");
        var handlers = await HandlersAsync(admin);
        var broken = handlers.Single(h => h!["handler"]!.GetValue<string>() == "broken")!;
        Assert.Equal(DurablePlugin.Id, broken["plugin"]!.GetValue<string>());
        Assert.Contains("The mail server is on fire", broken["last_error"]!.GetValue<string>());
        var notify = handlers.Single(h => h!["handler"]!.GetValue<string>() == "notify")!;
        Assert.Equal(3, notify["delivered"]!.GetValue<long>());
        Assert.Equal(0, notify["dead"]!.GetValue<long>());
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task DisablePlugin_EventsWhileDisabled_NotDeliveredAndNothingWritten(string provider)
    {
        var root = TestPaths.NewRoot();
        var (host, admin) = await StartAsync(provider, root);
        await using var _ = host;
        await (await admin.PostAsync($"/api/v1/admin/plugins/{DurablePlugin.Id}/disable", null)).ExpectAsync(HttpStatusCode.OK);
        var before = await DbProbe.CountAsync(host, "_outbox");

        await admin.CreateRecordAsync("orders", new { title = "while disabled" });

        // No consumer is left (no webhook, no live durable handler): the write left no outbox row at all.
        Assert.Equal(before, await DbProbe.CountAsync(host, "_outbox"));
        await Task.Delay(1000);
        Assert.Empty(DurablePlugin.Handled(root));
    }
}
