using System.Net;
using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.Foundation;

public sealed class LastAdminTests
{
    private const string Password = "Admin-pass-1234";

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task LastAdmin_CannotBeDemotedOrDeleted(string provider)
    {
        await using var host = await TestHost.StartAsync(provider);
        var (admin, adminId) = await SetupAsync(host);

        var demote = await admin.PatchJsonAsync($"/api/v1/admin/users/{adminId}", new { role = "user" });
        Assert.Contains("last admin", (await demote.ExpectProblemAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>());
        var delete = await admin.DeleteAsync($"/api/v1/admin/users/{adminId}");
        await delete.ExpectProblemAsync(HttpStatusCode.Conflict);

        var me = await (await admin.GetAsync("/api/v1/auth/me")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("admin", me["role"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task TwoAdmins_DemotingEachOtherConcurrently_LeaveOneAdmin(string provider)
    {
        await using var host = await TestHost.StartAsync(provider);
        var (admin, adminId) = await SetupAsync(host);
        var second = await (await admin.PostJsonAsync("/api/v1/admin/users", new { email = "second@example.com", password = Password, role = "admin" }))
            .ExpectAsync(HttpStatusCode.Created);
        var secondId = second["id"]!.GetValue<string>();
        var login = await (await host.Factory.CreateClient().PostJsonAsync("/api/v1/auth/login", new { email = "second@example.com", password = Password }))
            .ExpectAsync(HttpStatusCode.OK);
        var secondClient = host.Factory.CreateClient().WithBearer(login["token"]!["access_token"]!.GetValue<string>());

        var results = await Task.WhenAll(
            admin.PatchJsonAsync($"/api/v1/admin/users/{secondId}", new { role = "user" }),
            secondClient.PatchJsonAsync($"/api/v1/admin/users/{adminId}", new { role = "user" }));

        Assert.Equal(1, results.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(1, results.Count(r => r.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.Unauthorized));
        var check = await (await host.Factory.CreateClient().GetAsync("/api/v1/setup/check")).ExpectAsync(HttpStatusCode.OK);
        Assert.False(check["needs_setup"]!.GetValue<bool>());
    }

    private static async Task<(HttpClient Client, string Id)> SetupAsync(TestHost host)
    {
        var body = await (await host.Factory.CreateClient().PostJsonAsync("/api/v1/setup", new { email = "first@example.com", password = Password, password_confirm = Password }))
            .ExpectAsync(HttpStatusCode.Created);
        return (host.Factory.CreateClient().WithBearer(body["token"]!["access_token"]!.GetValue<string>()), body["user"]!["id"]!.GetValue<string>());
    }
}
