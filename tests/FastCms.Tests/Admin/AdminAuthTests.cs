using System.Net;
using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.Admin;

public abstract class AdminAuthTests(ServerFixture server) : ServerTests(server)
{
    [Fact]
    public async Task AdminPages_WithoutSession_RedirectToLoginWithReturnUrl()
    {
        var pages = await AdminRoutes.ProtectedPagesAsync(Server, Server.AdminId);
        Assert.Contains("/admin", pages);
        Assert.Contains("/admin/users", pages);
        Assert.Contains("/admin/settings", pages);

        var anonymous = AdminClient.Create(Server.Factory);
        foreach (var page in pages)
        {
            var response = await anonymous.GetAsync(page);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{page} answered {(int)response.StatusCode}");
            Assert.Equal("/admin/login?returnUrl=" + Uri.EscapeDataString(page), response.Headers.Location!.OriginalString);
        }
    }

    [Fact]
    public async Task AdminPages_ForeignHostHeader_RedirectStaysRelative()
    {
        var anonymous = AdminClient.Create(Server.Factory);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/users");
        request.Headers.Host = "evil.example";

        var response = await anonymous.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.False(response.Headers.Location!.IsAbsoluteUri, $"Location {response.Headers.Location} is absolute");
        Assert.Equal("/admin/login?returnUrl=%2Fadmin%2Fusers", response.Headers.Location.OriginalString);
    }

    [Fact]
    public async Task AdminPages_NonAdminSession_Answer403Page()
    {
        var (_, email, _, _) = await Server.NewUserAsync("User-pass-1234");
        var user = await AdminClient.SignInAsync(Server.Factory, email, "User-pass-1234");

        var pages = await AdminRoutes.ProtectedPagesAsync(Server, Server.AdminId, htmlOnly: true);
        foreach (var page in pages)
        {
            var html = await user.GetPageAsync(page, HttpStatusCode.Forbidden);
            Assert.Contains("not an administrator account", html);
            Assert.Contains(email, html);
        }

        // The endpoints the pages' scripts call answer JSON, their refusal too.
        var json = (await AdminRoutes.ProtectedPagesAsync(Server, Server.AdminId)).Except(pages).ToList();
        Assert.NotEmpty(json);
        foreach (var endpoint in json)
        {
            var response = await user.Http.GetAsync(endpoint);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task AdminPages_AdminSession_RenderInsideLayout()
    {
        var admin = await AdminClient.SignInAsync(Server.Factory, Server.AdminEmail, ServerFixture.AdminPassword);
        foreach (var page in await AdminRoutes.ProtectedPagesAsync(Server, Server.AdminId, htmlOnly: true))
        {
            var html = await admin.GetPageAsync(page);
            Assert.Contains("<nav id=\"sidebar\"", html);
            Assert.Contains("aria-current=\"page\"", html);
        }
    }

    [Fact]
    public async Task Login_PostWithoutAntiforgeryToken_IsRefused()
    {
        var client = AdminClient.Create(Server.Factory);
        var response = await client.PostAsync("/admin/login", new() { ["email"] = Server.AdminEmail, ["password"] = ServerFixture.AdminPassword });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("fastcms_admin=", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/admin")).StatusCode);
    }

    [Fact]
    public async Task Forms_PostWithoutAntiforgeryToken_AreRefusedAndChangeNothing()
    {
        var admin = await AdminClient.SignInAsync(Server.Factory, Server.AdminEmail, ServerFixture.AdminPassword);
        var email = $"csrf-{Guid.NewGuid():N}@example.com";

        var create = await admin.PostAsync("/admin/users/new", new() { ["email"] = email, ["password"] = "Csrf-pass-1234", ["password_confirm"] = "Csrf-pass-1234", ["role"] = "admin" });
        var logout = await admin.PostAsync("/admin/logout", []);

        Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
        Assert.Contains("Request id", await create.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, logout.StatusCode);
        var users = await (await Admin.GetAsync($"/api/v1/admin/users?search={email}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, users["total"]!.GetValue<long>());
        await admin.GetPageAsync("/admin");
    }

    [Fact]
    public async Task Login_Success_SetsHttpOnlyLaxCookieAndFollowsLocalReturnUrl()
    {
        var client = AdminClient.Create(Server.Factory);
        var response = await client.SubmitAsync("/admin/login?returnUrl=%2Fadmin%2Fsettings",
            new() { ["email"] = Server.AdminEmail, ["password"] = ServerFixture.AdminPassword, ["returnUrl"] = "/admin/settings" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin/settings", response.Headers.Location!.OriginalString);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("fastcms_admin=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/admin", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("https://evil.example/admin")]
    [InlineData("//evil.example/admin")]
    [InlineData("/\\evil.example")]
    [InlineData("/api/v1/admin/users")]
    public async Task Login_ForeignReturnUrl_GoesToDashboard(string returnUrl)
    {
        var client = AdminClient.Create(Server.Factory);
        var response = await client.SubmitAsync("/admin/login",
            new() { ["email"] = Server.AdminEmail, ["password"] = ServerFixture.AdminPassword, ["returnUrl"] = returnUrl });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Login_WrongPassword_ShowsErrorThenLocksOutLikeTheApi()
    {
        var (_, email, _, _) = await Server.NewUserAsync("Right-pass-1234");
        var client = AdminClient.Create(Server.Factory);

        var first = await client.SubmitAsync("/admin/login", new() { ["email"] = email, ["password"] = "wrong-pass-1" });
        Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        Assert.Contains("Invalid email or password.", await first.Content.ReadAsStringAsync());

        for (var i = 1; i < 5; i++)
        {
            await client.SubmitAsync("/admin/login", new() { ["email"] = email, ["password"] = "wrong-pass-1" });
        }

        var locked = await client.SubmitAsync("/admin/login", new() { ["email"] = email, ["password"] = "Right-pass-1234" });
        Assert.Equal((HttpStatusCode)429, locked.StatusCode);
        Assert.Contains("Too many failed sign-in attempts", await locked.Content.ReadAsStringAsync());
        var api = await Anonymous().PostJsonAsync("/api/v1/auth/login", new { email, password = "Right-pass-1234" });
        Assert.Equal((HttpStatusCode)429, api.StatusCode);
    }

    [Fact]
    public async Task Login_EmptyFields_ShowFieldErrors()
    {
        var client = AdminClient.Create(Server.Factory);
        var response = await client.SubmitAsync("/admin/login", new() { ["email"] = "", ["password"] = "" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("id=\"field-email-error\"", html);
        Assert.Contains("id=\"field-password-error\"", html);
    }

    [Fact]
    public async Task Session_LogoutAllThroughApi_EndsCookieSession()
    {
        var (_, email, _, _) = await Server.NewUserAsync("Admin2-pass-1234");
        await Admin.PatchJsonAsync($"/api/v1/admin/users/{(await FindUserIdAsync(email))}", new { role = "admin" });
        var browser = await AdminClient.SignInAsync(Server.Factory, email, "Admin2-pass-1234");
        await browser.GetPageAsync("/admin");

        var login = await (await Anonymous().PostJsonAsync("/api/v1/auth/login", new { email, password = "Admin2-pass-1234" })).ExpectAsync(HttpStatusCode.OK);
        var api = Anonymous().WithBearer(login["token"]!["access_token"]!.GetValue<string>());
        (await api.PostAsync("/api/v1/auth/logout-all", null)).EnsureSuccessStatusCode();

        var after = await browser.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal("/admin/login?returnUrl=%2Fadmin", after.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Logout_EndsSession()
    {
        var browser = await AdminClient.SignInAsync(Server.Factory, Server.AdminEmail, ServerFixture.AdminPassword);
        var response = await browser.SubmitAsync("/admin/logout", []);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin/login", response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/admin/users")).StatusCode);
        Assert.Contains("You have been signed out.", await browser.GetPageAsync("/admin/login"));
    }

    private async Task<string> FindUserIdAsync(string email)
    {
        var users = await (await Admin.GetAsync($"/api/v1/admin/users?search={Uri.EscapeDataString(email)}")).ExpectAsync(HttpStatusCode.OK);
        return users["items"]![0]!["id"]!.GetValue<string>();
    }
}

public sealed class AdminAuthTestsSqlite(SqliteServer s) : AdminAuthTests(s), IClassFixture<SqliteServer>;

public sealed class AdminAuthTestsPostgres(PostgresServer s) : AdminAuthTests(s), IClassFixture<PostgresServer>;
