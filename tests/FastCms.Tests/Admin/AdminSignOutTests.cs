using System.Net;
using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.Admin;

/// <summary>Signing out of the admin UI ends the session on the server, not only in the browser that signed out.</summary>
public sealed class AdminSignOutTests
{
    private const string Email = "signout@example.com";
    private const string Password = "Signout-pass-1234";

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Logout_CopiedCookie_StopsWorkingOnEveryInstance(string provider)
    {
        await using var first = await TestHost.StartAsync(provider, [new("FastCms:Auth:AdminEmail", Email), new("FastCms:Auth:AdminPassword", Password)]);
        await using var second = TestHost.Start(first.Database, first.Root);
        var browser = AdminClient.Create(first.Factory);
        var signIn = await browser.SubmitAsync("/admin/login", new() { ["email"] = Email, ["password"] = Password });
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("fastcms_admin=", StringComparison.Ordinal)).Split(';')[0];
        var copyHere = WithCookie(first.Factory, cookie);
        var copyThere = WithCookie(second.Factory, cookie);
        await copyHere.GetPageAsync("/admin");
        await copyThere.GetPageAsync("/admin");

        var signOut = await browser.SubmitAsync("/admin/logout", []);

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        foreach (var copy in new[] { copyHere, copyThere })
        {
            var response = await copy.GetAsync("/admin");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/admin/login?returnUrl=%2Fadmin", response.Headers.Location!.OriginalString);
        }
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Logout_OneSession_LeavesOtherSessionsOfTheAccount(string provider)
    {
        await using var host = await TestHost.StartAsync(provider, [new("FastCms:Auth:AdminEmail", Email), new("FastCms:Auth:AdminPassword", Password)]);
        var leaving = await AdminClient.SignInAsync(host.Factory, Email, Password);
        var staying = await AdminClient.SignInAsync(host.Factory, Email, Password);

        await leaving.SubmitAsync("/admin/logout", []);

        Assert.Equal(HttpStatusCode.Redirect, (await leaving.GetAsync("/admin")).StatusCode);
        await staying.GetPageAsync("/admin");
    }

    private static AdminClient WithCookie(FastCmsFactory factory, string cookie)
    {
        var client = new AdminClient(factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false }));
        client.Http.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }
}
