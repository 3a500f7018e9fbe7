using System.Net;
using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.Foundation;

public sealed class SetupApiTests
{
    private const string Password = "Setup-pass-1234";

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Setup_FreshServer_NeedsSetupUntilAdminCreated(string provider)
    {
        await using var host = await TestHost.StartAsync(provider);
        var client = host.Factory.CreateClient();

        var before = await (await client.GetAsync("/api/v1/setup/check")).ExpectAsync(HttpStatusCode.OK);
        Assert.True(before["needs_setup"]!.GetValue<bool>());

        var created = await (await client.PostJsonAsync("/api/v1/setup", new { email = "Root@Example.com", password = Password, password_confirm = Password }))
            .ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("admin", created["user"]!["role"]!.GetValue<string>());
        Assert.Equal("root@example.com", created["user"]!["email"]!.GetValue<string>());
        Assert.Equal("bearer", created["token"]!["token_type"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(created["token"]!["refresh_token"]!.GetValue<string>()));

        var after = await (await client.GetAsync("/api/v1/setup/check")).ExpectAsync(HttpStatusCode.OK);
        Assert.False(after["needs_setup"]!.GetValue<bool>());

        var again = await client.PostJsonAsync("/api/v1/setup", new { email = "other@example.com", password = Password, password_confirm = Password });
        await again.ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Setup_ConcurrentRequests_CreateExactlyOneAdmin(string provider)
    {
        await using var host = await TestHost.StartAsync(provider);
        var attempts = Enumerable.Range(0, 8).Select(i => host.Factory.CreateClient()
            .PostJsonAsync("/api/v1/setup", new { email = $"admin{i}@example.com", password = Password, password_confirm = Password }));
        var responses = await Task.WhenAll(attempts);

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(7, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));

        var winner = await responses.Single(r => r.StatusCode == HttpStatusCode.Created).ReadJsonAsync();
        var admin = host.Factory.CreateClient().WithBearer(winner["token"]!["access_token"]!.GetValue<string>());
        var users = await (await admin.GetAsync("/api/v1/admin/users?per_page=50")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, users["total"]!.GetValue<long>());
        Assert.Equal("admin", users["items"]![0]!["role"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"email":"a@example.com","password":"Setup-pass-1234","password_confirm":"Other-pass-1234"}""", "password_confirm")]
    [InlineData("""{"email":"a@example.com","password":"short1","password_confirm":"short1"}""", "password")]
    [InlineData("""{"email":"a@example.com","password":"password123","password_confirm":"password123"}""", "password")]
    [InlineData("""{"email":"not-an-email","password":"Setup-pass-1234","password_confirm":"Setup-pass-1234"}""", "email")]
    [InlineData("""{"password":"Setup-pass-1234","password_confirm":"Setup-pass-1234"}""", "email")]
    public async Task Setup_InvalidBody_Returns400WithFieldError(string body, string field)
    {
        await using var host = await TestHost.StartAsync("sqlite");
        var problem = await (await host.Factory.CreateClient().PostRawAsync("/api/v1/setup", body)).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]![field]);

        var check = await (await host.Factory.CreateClient().GetAsync("/api/v1/setup/check")).ReadJsonAsync();
        Assert.True(check["needs_setup"]!.GetValue<bool>());
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Startup_AdminInConfiguration_CreatesAdminThatCanLogIn(string provider)
    {
        await using var host = await TestHost.StartAsync(provider,
            [new("FastCms:Auth:AdminEmail", "boot@example.com"), new("FastCms:Auth:AdminPassword", Password)]);
        var client = host.Factory.CreateClient();

        var check = await (await client.GetAsync("/api/v1/setup/check")).ExpectAsync(HttpStatusCode.OK);
        Assert.False(check["needs_setup"]!.GetValue<bool>());

        var login = await (await client.PostJsonAsync("/api/v1/auth/login", new { email = "boot@example.com", password = Password }))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("admin", login["user"]!["role"]!.GetValue<string>());
    }
}
