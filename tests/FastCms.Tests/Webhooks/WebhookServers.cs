using System.Net;
using System.Text.Json.Nodes;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.Records;

namespace FastCms.Tests.Webhooks;

/// <summary>
/// A server whose webhooks may reach the test receivers on 127.0.0.1 and whose outbox retries within a second, so that
/// retries and dead letters happen during a test.
/// </summary>
public sealed class WebhookSetup : IServerSetup
{
    public static readonly KeyValuePair<string, string?>[] FastOutbox =
    [
        new("FastCms:Webhooks:AllowedAddresses:0", "127.0.0.1"),
        new("FastCms:Webhooks:Timeout", "00:00:05"),
        new("FastCms:Outbox:PollInterval", "00:00:00.100"),
        new("FastCms:Outbox:RetryInitialDelay", "00:00:00.200"),
        new("FastCms:Outbox:RetryMaxDelay", "00:00:00.500"),
        new("FastCms:Outbox:MaxAttempts", "4"),
        new("FastCms:Outbox:Lease", "00:00:06"),
    ];

    public IEnumerable<KeyValuePair<string, string?>> Settings => FastOutbox;
}

/// <summary>Calls of the webhooks API the tests share.</summary>
internal static class WebhookClient
{
    /// <summary>A collection with a required title, readable by anyone.</summary>
    public static async Task<string> NewCollectionAsync(this HttpClient admin, bool uniqueTitle = false)
    {
        var name = RecordClient.NewName("hooked");
        await admin.CreateCollectionAsync(new
        {
            name,
            schema = new object[] { new { name = "title", type = "text", validation = new { required = true, max_length = 50, unique = uniqueTitle } } },
            list_rule = "",
            view_rule = "",
        });
        return name;
    }

    public static async Task<JsonNode> CreateWebhookAsync(this HttpClient admin, object body) =>
        await (await admin.PostJsonAsync("/api/v1/admin/webhooks", body)).ExpectAsync(HttpStatusCode.Created);

    public static async Task<JsonArray> DeliveriesAsync(this HttpClient admin, string webhookId, string query = "") =>
        (await (await admin.GetAsync($"/api/v1/admin/webhooks/{webhookId}/deliveries?{query}")).ExpectAsync(HttpStatusCode.OK)).AsArray();

    /// <summary>Polls the delivery log until <paramref name="done"/> holds.</summary>
    public static async Task<JsonArray> WaitForDeliveriesAsync(this HttpClient admin, string webhookId, Func<JsonArray, bool> done, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var log = await admin.DeliveriesAsync(webhookId);
            if (done(log))
            {
                return log;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The delivery log did not reach the expected state within {seconds} s: {log.ToJsonString()}");
            await Task.Delay(100);
        }
    }
}
