using System.Net;
using System.Text;
using FastCms.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Features;

namespace FastCms.Tests.Foundation;

public sealed class ThrottledServer : SqliteServer
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("FastCms:Auth:MaxFailedLoginsPerAccount", "3"),
        new("FastCms:Auth:MaxFailedLoginsPerClient", "6"),
        new("FastCms:Auth:LockoutSeconds", "120"),
        new("FastCms:Auth:AllowRegistration", "false"),
    ];
}

public sealed class LoginThrottleTests(ThrottledServer server) : ServerTests(server), IClassFixture<ThrottledServer>
{
    private const string Password = "User-pass-1234";

    [Fact]
    public async Task Login_RepeatedFailuresForOneAccount_LockItWith429EvenForTheRightPassword()
    {
        var email = await CreateUserAsync();
        for (var i = 0; i < 3; i++)
        {
            await (await Anonymous().PostJsonAsync("/api/v1/auth/login", new { email, password = "Wrong-pass-1" })).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        }

        var locked = await Anonymous().PostJsonAsync("/api/v1/auth/login", new { email, password = Password });
        var problem = await locked.ExpectProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("Try again in", problem["detail"]!.GetValue<string>());
        Assert.True(int.Parse(locked.Headers.RetryAfter!.ToString()) is > 0 and <= 120);
    }

    [Fact]
    public async Task Login_FailuresFromOneClientAcrossAccounts_BlockThatClientOnly()
    {
        var victims = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            victims.Add(await CreateUserAsync());
        }

        // Two failures per account stay under the account limit (3), but add up to the client limit (6).
        foreach (var email in victims)
        {
            for (var i = 0; i < 2; i++)
            {
                Assert.Equal(401, await LoginFromAsync("203.0.113.7", email, "Wrong-pass-1"));
            }
        }

        Assert.Equal(429, await LoginFromAsync("203.0.113.7", victims[0], Password));
        Assert.Equal(200, await LoginFromAsync("198.51.100.9", victims[0], Password));
    }

    [Fact]
    public async Task Register_WhenDisabled_Returns403()
    {
        var response = await Anonymous().PostJsonAsync("/api/v1/auth/register",
            new { email = "someone@example.com", password = Password, password_confirm = Password });
        var problem = await response.ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("disabled", problem["detail"]!.GetValue<string>());
    }

    private async Task<string> CreateUserAsync()
    {
        var email = $"throttle-{Guid.NewGuid():N}@example.com";
        await (await Admin.PostJsonAsync("/api/v1/admin/users", new { email, password = Password })).ExpectAsync(HttpStatusCode.Created);
        return email;
    }

    private async Task<int> LoginFromAsync(string ip, string email, string password)
    {
        var body = Encoding.UTF8.GetBytes($$"""{"email":"{{email}}","password":"{{password}}"}""");
        var context = await Server.Factory.Server.SendAsync(http =>
        {
            http.Request.Method = "POST";
            http.Request.Path = "/api/v1/auth/login";
            http.Request.ContentType = "application/json";
            http.Request.Body = new MemoryStream(body);
            http.Request.ContentLength = body.Length;
            http.Features.Set<IHttpRequestBodyDetectionFeature>(new BodyPresent());
            http.Connection.RemoteIpAddress = IPAddress.Parse(ip);
        });
        return context.Response.StatusCode;
    }

    private sealed class BodyPresent : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody => true;
    }
}
