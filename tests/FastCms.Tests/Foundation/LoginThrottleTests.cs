using System.Net;
using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.Foundation;

public sealed class ThrottledServer : SqliteServer
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("FastCms:Auth:MaxFailedLoginsPerAccount", "3"),
        new("FastCms:Auth:MaxFailedLoginsPerClient", "6"),
        new("FastCms:Auth:LockoutSeconds", "120"),
        new("FastCms:Auth:AllowRegistration", "false"),
        new("FastCms:RateLimits:Password:PermitLimit", "100"),
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
    public async Task Login_ConcurrentFailuresFromOneClient_EvaluateExactlyTheClientLimit()
    {
        var victims = new List<string>();
        for (var i = 0; i < 9; i++)
        {
            victims.Add(await CreateUserAsync());
        }

        // Two guesses per account stay under the account limit (3); eighteen at once far exceed the client limit (6).
        var statuses = await Task.WhenAll(victims.Concat(victims).Select(email => LoginFromAsync("203.0.113.21", email, "Wrong-pass-1")));

        Assert.Equal(6, statuses.Count(status => status is 400 or 401));
        Assert.Equal(12, statuses.Count(status => status == 429));
    }

    [Fact]
    public async Task ChangePassword_WrongOldPasswords_CountTowardsTheAccountLockout()
    {
        var email = await CreateUserAsync();
        var token = await AccessTokenAsync(email);
        var guess = $$"""{"old_password":"Wrong-pass-1","new_password":"Brand-new-pass-42","new_password_confirm":"Brand-new-pass-42"}""";
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(400, await SendFromAsync("198.51.100.31", "POST", "/api/v1/auth/change-password", guess, token));
        }

        var right = $$"""{"old_password":"{{Password}}","new_password":"Brand-new-pass-42","new_password_confirm":"Brand-new-pass-42"}""";
        Assert.Equal(429, await SendFromAsync("198.51.100.31", "POST", "/api/v1/auth/change-password", right, token));
        Assert.Equal(429, await LoginFromAsync("198.51.100.32", email, Password));
    }

    [Fact]
    public async Task UpdateMe_WrongPasswordsForEmailChange_CountTowardsTheAccountLockout()
    {
        var email = await CreateUserAsync();
        var token = await AccessTokenAsync(email);
        var guess = $$"""{"email":"moved-{{Guid.NewGuid():N}}@example.com","password":"Wrong-pass-1"}""";
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(400, await SendFromAsync("198.51.100.41", "PATCH", "/api/v1/auth/me", guess, token));
        }

        Assert.Equal(429, await SendFromAsync("198.51.100.41", "PATCH", "/api/v1/auth/me", guess, token));
        Assert.Equal(429, await LoginFromAsync("198.51.100.42", email, Password));
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

    private async Task<string> AccessTokenAsync(string email)
    {
        var login = await (await Anonymous().PostJsonAsync("/api/v1/auth/login", new { email, password = Password })).ExpectAsync(HttpStatusCode.OK);
        return login["token"]!["access_token"]!.GetValue<string>();
    }

    private Task<int> LoginFromAsync(string ip, string email, string password) =>
        SendFromAsync(ip, "POST", "/api/v1/auth/login", $$"""{"email":"{{email}}","password":"{{password}}"}""");

    private async Task<int> SendFromAsync(string ip, string method, string path, string json, string? bearer = null)
    {
        var context = bearer is null
            ? await Server.Factory.SendFromAsync(ip, method, path, json)
            : await Server.Factory.SendFromAsync(ip, method, path, json, ("Authorization", "Bearer " + bearer));
        return context.Response.StatusCode;
    }
}
