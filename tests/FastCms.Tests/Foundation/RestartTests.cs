using System.Net;
using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.Foundation;

public sealed class RestartTests
{
    private const string Password = "Admin-pass-1234";

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Restart_SameDatabase_KeepsUsersSessionsAndSigningKey(string provider)
    {
        await using var host = await TestHost.StartAsync(provider);
        var setup = await (await host.Factory.CreateClient().PostJsonAsync("/api/v1/setup", new { email = "keep@example.com", password = Password, password_confirm = Password }))
            .ExpectAsync(HttpStatusCode.Created);
        var access = setup["token"]!["access_token"]!.GetValue<string>();
        var refresh = setup["token"]!["refresh_token"]!.GetValue<string>();

        await host.RestartAsync();

        var client = host.Factory.CreateClient();
        var check = await (await client.GetAsync("/api/v1/setup/check")).ExpectAsync(HttpStatusCode.OK);
        Assert.False(check["needs_setup"]!.GetValue<bool>());
        await (await host.Factory.CreateClient().WithBearer(access).GetAsync("/api/v1/auth/me")).ExpectAsync(HttpStatusCode.OK);
        await (await client.PostJsonAsync("/api/v1/auth/refresh", new { refresh_token = refresh })).ExpectAsync(HttpStatusCode.OK);
        await (await client.PostJsonAsync("/api/v1/auth/login", new { email = "keep@example.com", password = Password })).ExpectAsync(HttpStatusCode.OK);
    }
}
