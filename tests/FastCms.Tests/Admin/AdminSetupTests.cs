using System.Net;
using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.Admin;

public sealed class AdminSetupTests
{
    private const string Password = "Setup-pass-1234";

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Setup_FirstRun_CreatesAdminSignsInAndThenRedirectsToLogin(string provider)
    {
        await using var host = await TestHost.StartAsync(provider);
        var browser = AdminClient.Create(host.Factory);

        var login = await browser.GetAsync("/admin/login");
        Assert.Equal("/admin/setup", login.Headers.Location!.OriginalString);
        var dashboard = await browser.GetAsync("/admin");
        Assert.Equal("/admin/login?returnUrl=%2Fadmin", dashboard.Headers.Location!.OriginalString);

        var invalid = await browser.SubmitAsync("/admin/setup", new() { ["email"] = "nope", ["password"] = "short", ["password_confirm"] = "other" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var html = await invalid.Content.ReadAsStringAsync();
        Assert.Contains("Enter a valid email address.", html);
        Assert.Contains("Password must be at least 8 characters long.", html);
        Assert.Contains("The passwords do not match.", html);

        var created = await browser.SubmitAsync("/admin/setup",
            new() { ["email"] = "Owner@Example.com", ["name"] = "Owner", ["password"] = Password, ["password_confirm"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal("/admin", created.Headers.Location!.OriginalString);
        Assert.Contains("owner@example.com", await browser.GetPageAsync("/admin"));

        var again = await AdminClient.Create(host.Factory).GetAsync("/admin/setup");
        Assert.Equal("/admin/login", again.Headers.Location!.OriginalString);
        await AdminClient.Create(host.Factory).GetPageAsync("/admin/login");
        var check = await (await host.Factory.CreateClient().GetAsync("/api/v1/setup/check")).ExpectAsync(HttpStatusCode.OK);
        Assert.False(check["needs_setup"]!.GetValue<bool>());
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Session_ServerRestarts_CookieStillValid(string provider)
    {
        await using var host = await TestHost.StartAsync(provider,
            [new("FastCms:Auth:AdminEmail", "boot@example.com"), new("FastCms:Auth:AdminPassword", Password)]);
        var cookie = await SessionCookieAsync(host.Factory);

        await host.RestartAsync();

        var again = AdminClient.Create(host.Factory);
        again.Http.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Contains("boot@example.com", await again.GetPageAsync("/admin"));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Session_SecondInstanceOnSameDatabase_AcceptsCookie(string provider)
    {
        await using var first = await TestHost.StartAsync(provider,
            [new("FastCms:Auth:AdminEmail", "boot@example.com"), new("FastCms:Auth:AdminPassword", Password)]);
        var cookie = await SessionCookieAsync(first.Factory);
        await using var second = TestHost.Start(first.Database, first.Root);

        var other = AdminClient.Create(second.Factory);
        other.Http.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Contains("boot@example.com", await other.GetPageAsync("/admin/users"));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Session_UserDeleted_CookieStopsWorking(string provider)
    {
        await using var host = await TestHost.StartAsync(provider,
            [new("FastCms:Auth:AdminEmail", "boot@example.com"), new("FastCms:Auth:AdminPassword", Password)]);
        var owner = await AdminClient.SignInAsync(host.Factory, "boot@example.com", Password);
        await owner.SubmitAsync("/admin/users/new", new()
        {
            ["email"] = "second@example.com", ["role"] = "admin", ["password"] = "Second-pass-1234", ["password_confirm"] = "Second-pass-1234",
        });
        var second = await AdminClient.SignInAsync(host.Factory, "second@example.com", "Second-pass-1234");
        var secondId = (await second.GetAsync("/admin")).StatusCode == HttpStatusCode.OK
            ? await owner.FindUserIdAsync("second@example.com")
            : throw new InvalidOperationException("The second admin could not open the dashboard.");

        var deleted = await owner.SubmitAsync($"/admin/users/{secondId}/delete", []);
        Assert.Equal("/admin/users", deleted.Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.Redirect, (await second.GetAsync("/admin")).StatusCode);
    }

    private static async Task<string> SessionCookieAsync(FastCmsFactory factory)
    {
        var client = AdminClient.Create(factory);
        var response = await client.SubmitAsync("/admin/login", new() { ["email"] = "boot@example.com", ["password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("fastcms_admin=", StringComparison.Ordinal)).Split(';')[0];
    }
}
