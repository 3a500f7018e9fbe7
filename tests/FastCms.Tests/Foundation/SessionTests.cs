using System.Net;
using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.Foundation;

/// <summary>Refresh-token rotation, reuse detection, logout, logout-all and password change.</summary>
public abstract class SessionTests(ServerFixture server) : ServerTests(server)
{
    private const string Password = "User-pass-1234";

    [Fact]
    public async Task Refresh_ValidToken_RotatesAndOldTokenIsSpent()
    {
        var (_, _, _, auth) = await Server.NewUserAsync();
        var first = auth["token"]!["refresh_token"]!.GetValue<string>();

        var rotated = await (await Anonymous().PostJsonAsync("/api/v1/auth/refresh", new { refresh_token = first })).ExpectAsync(HttpStatusCode.OK);
        var second = rotated["refresh_token"]!.GetValue<string>();
        Assert.NotEqual(first, second);
        Assert.Equal("bearer", rotated["token_type"]!.GetValue<string>());
        var client = Anonymous().WithBearer(rotated["access_token"]!.GetValue<string>());
        await (await client.GetAsync("/api/v1/auth/me")).ExpectAsync(HttpStatusCode.OK);

        var third = await (await Anonymous().PostJsonAsync("/api/v1/auth/refresh", new { refresh_token = second })).ExpectAsync(HttpStatusCode.OK);
        Assert.NotEqual(second, third["refresh_token"]!.GetValue<string>());
    }

    [Fact]
    public async Task Refresh_ReusedToken_RevokesTheWholeFamily()
    {
        var (_, _, _, auth) = await Server.NewUserAsync();
        var first = auth["token"]!["refresh_token"]!.GetValue<string>();
        var rotated = await (await Anonymous().PostJsonAsync("/api/v1/auth/refresh", new { refresh_token = first })).ExpectAsync(HttpStatusCode.OK);
        var second = rotated["refresh_token"]!.GetValue<string>();

        var reuse = await (await Anonymous().PostJsonAsync("/api/v1/auth/refresh", new { refresh_token = first })).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("already used", reuse["detail"]!.GetValue<string>());

        // The legitimate holder's newer token died with the family.
        await (await Anonymous().PostJsonAsync("/api/v1/auth/refresh", new { refresh_token = second })).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Refresh_ReuseInOneFamily_LeavesOtherSessionsAlone()
    {
        var (_, email, _, auth) = await Server.NewUserAsync();
        var other = await (await Anonymous().PostJsonAsync("/api/v1/auth/login", new { email, password = Password })).ExpectAsync(HttpStatusCode.OK);
        var first = auth["token"]!["refresh_token"]!.GetValue<string>();
        await (await Anonymous().PostJsonAsync("/api/v1/auth/refresh", new { refresh_token = first })).ExpectAsync(HttpStatusCode.OK);
        await (await Anonymous().PostJsonAsync("/api/v1/auth/refresh", new { refresh_token = first })).ExpectProblemAsync(HttpStatusCode.Unauthorized);

        await (await Anonymous().PostJsonAsync("/api/v1/auth/refresh", new { refresh_token = other["token"]!["refresh_token"]!.GetValue<string>() }))
            .ExpectAsync(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("""{"refresh_token":"made-up"}""", HttpStatusCode.Unauthorized)]
    [InlineData("""{}""", HttpStatusCode.BadRequest)]
    public async Task Refresh_UnknownOrMissingToken_IsRefused(string body, HttpStatusCode status)
    {
        await (await Anonymous().PostRawAsync("/api/v1/auth/refresh", body)).ExpectProblemAsync(status);
    }

    [Fact]
    public async Task Logout_RevokesThatSessionOnly()
    {
        var (_, email, _, auth) = await Server.NewUserAsync();
        var other = await (await Anonymous().PostJsonAsync("/api/v1/auth/login", new { email, password = Password })).ExpectAsync(HttpStatusCode.OK);
        var token = auth["token"]!["refresh_token"]!.GetValue<string>();

        await (await Anonymous().PostJsonAsync("/api/v1/auth/logout", new { refresh_token = token })).ExpectAsync(HttpStatusCode.NoContent);

        await (await Anonymous().PostJsonAsync("/api/v1/auth/refresh", new { refresh_token = token })).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await Anonymous().PostJsonAsync("/api/v1/auth/refresh", new { refresh_token = other["token"]!["refresh_token"]!.GetValue<string>() }))
            .ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task LogoutAll_InvalidatesAccessAndRefreshTokensOfEverySession()
    {
        var (_, email, client, auth) = await Server.NewUserAsync();
        var other = await (await Anonymous().PostJsonAsync("/api/v1/auth/login", new { email, password = Password })).ExpectAsync(HttpStatusCode.OK);
        var otherClient = Anonymous().WithBearer(other["token"]!["access_token"]!.GetValue<string>());

        await (await client.PostAsync("/api/v1/auth/logout-all", null)).ExpectAsync(HttpStatusCode.NoContent);

        await (await client.GetAsync("/api/v1/auth/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await otherClient.GetAsync("/api/v1/auth/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await Anonymous().PostJsonAsync("/api/v1/auth/refresh", new { refresh_token = auth["token"]!["refresh_token"]!.GetValue<string>() }))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized);

        var again = await (await Anonymous().PostJsonAsync("/api/v1/auth/login", new { email, password = Password })).ExpectAsync(HttpStatusCode.OK);
        await (await Anonymous().WithBearer(again["token"]!["access_token"]!.GetValue<string>()).GetAsync("/api/v1/auth/me")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task LogoutAll_WithoutToken_Returns401()
    {
        await (await Anonymous().PostAsync("/api/v1/auth/logout-all", null)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ChangePassword_Valid_OldPasswordAndOldTokensStopWorking()
    {
        var (_, email, client, _) = await Server.NewUserAsync();
        const string newPassword = "Brand-new-pass-42";

        var changed = await (await client.PostJsonAsync("/api/v1/auth/change-password",
            new { old_password = Password, new_password = newPassword, new_password_confirm = newPassword })).ExpectAsync(HttpStatusCode.OK);

        await (await client.GetAsync("/api/v1/auth/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        var fresh = Anonymous().WithBearer(changed["token"]!["access_token"]!.GetValue<string>());
        await (await fresh.GetAsync("/api/v1/auth/me")).ExpectAsync(HttpStatusCode.OK);
        await (await Anonymous().PostJsonAsync("/api/v1/auth/login", new { email, password = Password })).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await Anonymous().PostJsonAsync("/api/v1/auth/login", new { email, password = newPassword })).ExpectAsync(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("Wrong-pass-1234", "Brand-new-pass-42", "Brand-new-pass-42", "old_password")]
    [InlineData("User-pass-1234", "weak", "weak", "new_password")]
    [InlineData("User-pass-1234", "Brand-new-pass-42", "Brand-new-pass-43", "new_password_confirm")]
    public async Task ChangePassword_Invalid_Returns400NamingTheField(string old, string next, string confirm, string field)
    {
        var (_, _, client, _) = await Server.NewUserAsync();
        var problem = await (await client.PostJsonAsync("/api/v1/auth/change-password",
            new { old_password = old, new_password = next, new_password_confirm = confirm })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]![field]);
        await (await client.GetAsync("/api/v1/auth/me")).ExpectAsync(HttpStatusCode.OK);
    }
}

public sealed class SessionTestsSqlite(SqliteServer server) : SessionTests(server), IClassFixture<SqliteServer>;

public sealed class SessionTestsPostgres(PostgresServer server) : SessionTests(server), IClassFixture<PostgresServer>;
