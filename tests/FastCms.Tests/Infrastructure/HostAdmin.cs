using System.Net;
using System.Text.Json.Nodes;

namespace FastCms.Tests.Infrastructure;

/// <summary>The first admin of a <see cref="TestHost"/>; its token stays valid across restarts over the same database.</summary>
public sealed class HostAdmin(TestHost host, string token)
{
    public HttpClient Client() => host.Factory.CreateClient().WithBearer(token);

    public static async Task<HostAdmin> SetupAsync(TestHost host)
    {
        const string password = ServerFixture.AdminPassword;
        var body = await (await host.Factory.CreateClient().PostJsonAsync("/api/v1/setup", new { email = "admin@example.com", password, password_confirm = password }))
            .ExpectAsync(HttpStatusCode.Created);
        return new HostAdmin(host, body["token"]!["access_token"]!.GetValue<string>());
    }

    /// <summary>The plugin as <c>GET /api/v1/admin/plugins/{id}</c> reports it.</summary>
    public async Task<JsonNode> PluginAsync(string id) =>
        await (await Client().GetAsync($"/api/v1/admin/plugins/{id}")).ExpectAsync(HttpStatusCode.OK);
}
