using System.Net;
using System.Text.Json.Nodes;
using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.Records;

/// <summary>Calls of the collections and records API the tests share.</summary>
internal static class RecordClient
{
    /// <summary>A collection name no other test uses.</summary>
    public static string NewName(string prefix = "c") => prefix + Guid.NewGuid().ToString("N")[..10];

    public static async Task<JsonNode> CreateCollectionAsync(this HttpClient admin, object body) =>
        await (await admin.PostJsonAsync("/api/v1/collections", body)).ExpectAsync(HttpStatusCode.Created);

    public static async Task<JsonNode> CreateRecordAsync(this HttpClient client, string collection, object data) =>
        await (await client.PostJsonAsync($"/api/v1/collections/{collection}/records", new { data })).ExpectAsync(HttpStatusCode.Created);

    public static Task<HttpResponseMessage> PostRecordAsync(this HttpClient client, string collection, object data) =>
        client.PostJsonAsync($"/api/v1/collections/{collection}/records", new { data });

    public static Task<HttpResponseMessage> PatchRecordAsync(this HttpClient client, string collection, string id, object data) =>
        client.PatchJsonAsync($"/api/v1/collections/{collection}/records/{id}", new { data });

    public static async Task<JsonNode> ListAsync(this HttpClient client, string collection, string query = "") =>
        await (await client.GetAsync($"/api/v1/collections/{collection}/records?{query}")).ExpectAsync(HttpStatusCode.OK);

    /// <summary>The values of <paramref name="field"/> of every record matching <paramref name="filter"/>, sorted.</summary>
    public static async Task<string> MatchingAsync(this HttpClient client, string collection, string filter, string field = "title")
    {
        var page = await client.ListAsync(collection, $"per_page=500&filter={Uri.EscapeDataString(filter)}");
        return string.Join(",", page["items"]!.AsArray().Select(i => i!["data"]![field]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    public static async Task<long> TotalAsync(this HttpClient admin, string collection) =>
        (await admin.ListAsync(collection, "per_page=1"))["total"]!.GetValue<long>();

    public static string Id(this JsonNode node) => node["id"]!.GetValue<string>();

    public static JsonNode Data(this JsonNode record) => record["data"]!;

    /// <summary>A user with a display name, as <c>(id, client)</c>.</summary>
    public static async Task<(string Id, string Email, HttpClient Client)> NamedUserAsync(this ServerFixture server, string name)
    {
        var user = await server.NewUserAsync();
        await (await server.Admin.PatchJsonAsync($"/api/v1/admin/users/{user.Id}", new { name })).ExpectAsync(HttpStatusCode.OK);
        return (user.Id, user.Email, user.Client);
    }
}
