using System.Collections.Concurrent;
using System.Net;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.Records;

namespace FastCms.Tests.Webhooks;

/// <summary>
/// The real server killed with SIGKILL while creating records under load, with a webhook and a durable plugin handler
/// configured: after a restart every committed record's event reaches both (a repeat only ever with the same event id),
/// and no event exists for a write that did not commit.
/// </summary>
public sealed class OutboxCrashTests
{
    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Kill_DuringLoad_EveryCommittedEventDeliveredAfterRestart(string provider)
    {
        await using var database = await Databases.CreateAsync(provider);
        await using var receiver = await WebhookReceiver.StartAsync();
        var root = TestPaths.NewRoot();
        DurablePlugin.Write(root, failFirst: 0);
        (string, string)[] environment =
        [
            .. database.Settings.Select(s => ("FastCms__" + s.Key["FastCms:".Length..].Replace(":", "__"), s.Value!)),
            .. WebhookSetup.FastOutbox.Select(s => ("FastCms__" + s.Key["FastCms:".Length..].Replace(":", "__"), s.Value!)),
        ];

        var acknowledged = new ConcurrentBag<string>();
        await using (var first = await RunningServer.StartAsync(root, environment))
        {
            var admin = await SetupAsync(first);
            await admin.CreateWebhookAsync(new { url = receiver.Url, collections = new[] { "orders" }, events = new[] { "create" } });

            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    try
                    {
                        var response = await admin.PostRecordAsync("orders", new { title = $"w{w}-{i}" });
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            acknowledged.Add((await response.ReadJsonAsync()).Id());
                        }
                    }
                    catch (HttpRequestException)
                    {
                        return;
                    }
                }
            })).ToList();

            await Task.Delay(2500);
            await first.KillAsync();
            stop.Cancel();
            await Task.WhenAll(writers);
        }

        Assert.True(acknowledged.Count > 20, $"Only {acknowledged.Count} writes were acknowledged before the kill.");
        await using var second = await RunningServer.StartAsync(root, environment);
        var committed = await CommittedIdsAsync(database, root);
        Assert.Subset(committed, acknowledged.ToHashSet());

        await receiver.WaitAsync(r => r.Select(x => x.Json["record"]!["id"]!.GetValue<string>()).ToHashSet().IsSupersetOf(committed), seconds: 90);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!DurablePlugin.Handled(root).Select(h => h.RecordId).ToHashSet().IsSupersetOf(committed))
        {
            Assert.True(DateTime.UtcNow < deadline, "The durable handler did not get every committed record after the restart.");
            await Task.Delay(200);
        }

        await Task.Delay(1500);
        var webhookEvents = receiver.Received.Select(r => (EventId: r.Id!, RecordId: r.Json["record"]!["id"]!.GetValue<string>())).ToList();
        var handlerEvents = DurablePlugin.Handled(root).Select(h => (h.EventId, h.RecordId)).ToList();
        foreach (var events in new[] { webhookEvents, handlerEvents })
        {
            // Only committed records have events, and a record's repeats carry one event id.
            Assert.Equal(committed.Order(), events.Select(e => e.RecordId).Distinct().Order());
            Assert.All(events.GroupBy(e => e.RecordId), g => Assert.Single(g.Select(e => e.EventId).Distinct()));
        }

        Assert.Equal(webhookEvents.Select(e => e.EventId).Distinct().Order(), handlerEvents.Select(e => e.EventId).Distinct().Order());
        TestPaths.TryDelete(root);
    }

    private static async Task<HttpClient> SetupAsync(RunningServer server)
    {
        var admin = await server.SetUpAdminAsync();
        await admin.CreateCollectionAsync(new { name = "orders", schema = new object[] { new { name = "title", type = "text" } }, create_rule = "" });
        return admin;
    }

    private static async Task<HashSet<string>> CommittedIdsAsync(TestDatabase database, string root)
    {
        await using var connection = database.Connect(root);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM orders";
        var ids = new HashSet<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }
}
