using System.Net;
using System.Text.Json.Nodes;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.Records;

namespace FastCms.Tests.Webhooks;

/// <summary>Durable handlers that write records run one hook level deeper than the write they hear of, so they cannot trigger each other forever.</summary>
public sealed class DurableHandlerDepthTests
{
    // On every event of a counter, the handler adds one to it: each of its updates is an event for itself again.
    private const string EchoPlugin = """
        var records = (FastCms.Plugins.IRecords)ctx.Services.GetService(typeof(FastCms.Plugins.IRecords))!;
        ctx.OnRecordCommitted("echo", "counters", async (e, ct) =>
        {
            var current = await records.System.GetAsync("counters", e.RecordId, ct);
            var count = double.Parse(current?["count"]?.ToJsonString() ?? "0", System.Globalization.CultureInfo.InvariantCulture);
            await records.System.UpdateAsync("counters", e.RecordId, new System.Text.Json.Nodes.JsonObject { ["count"] = count + 1 }, ct);
        });
        """;

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task OnRecordCommitted_HandlerUpdatesItsOwnRecord_StopsAtTheHookDepthLimit(string provider)
    {
        var root = TestPaths.NewRoot();
        PluginFolders.Write(root, "echo", "EchoPlugin.cs", PluginFolders.Plugin("echo", EchoPlugin));
        await using var host = await TestHost.StartAsync(provider, WebhookSetup.FastOutbox, root);
        var admin = (await HostAdmin.SetupAsync(host)).Client();
        await admin.CreateCollectionAsync(new { name = "counters", schema = new object[] { new { name = "count", type = "number" } } });

        var id = (await admin.CreateRecordAsync("counters", new { count = 0 })).Id();

        // Levels 1 to 8 update the counter; the ninth write is refused, so that handler run fails until it is dead-lettered.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonNode? echo = null;
        while (echo?["dead"]?.GetValue<long>() is not 1)
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for the ninth level to be dead-lettered.");
            await Task.Delay(200);
            var handlers = (await (await admin.GetAsync("/api/v1/admin/outbox/handlers")).ExpectAsync(HttpStatusCode.OK)).AsArray();
            echo = handlers.SingleOrDefault(h => h!["handler"]!.GetValue<string>() == "echo");
        }

        Assert.Contains("recursion limit", echo["last_error"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        await Task.Delay(1000);
        var counter = await (await admin.GetAsync($"/api/v1/collections/counters/records/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(8, counter["data"]!["count"]!.GetValue<double>());
    }
}
