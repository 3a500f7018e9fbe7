using System.Net;
using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.Admin;

public abstract class AdminUsersPageTests(ServerFixture server) : ServerTests(server)
{
    private Task<AdminClient> SignInAsync() => AdminClient.SignInAsync(Server.Factory, Server.AdminEmail, ServerFixture.AdminPassword);

    [Fact]
    public async Task CreateUser_InvalidFields_ShowsEachFieldsMessageFromTheApiRules()
    {
        var admin = await SignInAsync();
        var response = await admin.SubmitAsync("/admin/users/new", new()
        {
            ["email"] = "not-an-email", ["name"] = new string('n', 101), ["role"] = "owner", ["password"] = "password123", ["password_confirm"] = "different1",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("id=\"field-email-error\"", html);
        Assert.Contains("Enter a valid email address.", html);
        Assert.Contains("Name must be at most 100 characters long.", html);
        Assert.Contains("Role must be &#x27;user&#x27; or &#x27;admin&#x27;.", html);
        Assert.Contains("This password is too common; choose another one.", html);
        Assert.Contains("The passwords do not match.", html);
        Assert.Contains("aria-invalid=\"true\"", html);
        Assert.Contains("value=\"not-an-email\"", html);
    }

    [Fact]
    public async Task CreateUser_TakenEmail_ShowsErrorOnEmailField()
    {
        var admin = await SignInAsync();
        var response = await admin.SubmitAsync("/admin/users/new", new()
        {
            ["email"] = Server.AdminEmail, ["role"] = "user", ["password"] = "Taken-pass-1234", ["password_confirm"] = "Taken-pass-1234",
        });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("<p class=\"field-error\" id=\"field-email-error\">", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Users_CreateSearchEditAndDelete_WorkThroughForms()
    {
        var admin = await SignInAsync();
        var email = $"editor-{Guid.NewGuid():N}@example.com";

        var created = await admin.SubmitAsync("/admin/users/new", new()
        {
            ["email"] = email, ["name"] = "Eddie", ["role"] = "user", ["password"] = "Editor-pass-1234", ["password_confirm"] = "Editor-pass-1234",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var editUrl = created.Headers.Location!.OriginalString;
        Assert.Contains($"User {email} was created.", await admin.GetPageAsync(editUrl));

        var list = WebUtility.HtmlDecode(await admin.GetPageAsync("/admin/users?search=" + Uri.EscapeDataString(email)));
        Assert.Contains(email, list);
        Assert.Contains("1–1 of 1 users", list);
        Assert.DoesNotContain(Server.AdminEmail, list.Replace($"<span class=\"who-email\">{Server.AdminEmail}</span>", "", StringComparison.Ordinal));

        var edited = await admin.SubmitAsync(editUrl, new() { ["email"] = email, ["name"] = "Edith", ["role"] = "admin", ["verified"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        var id = editUrl.Split('/')[^1];
        var user = await (await Admin.GetAsync($"/api/v1/admin/users/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("admin", user["role"]!.GetValue<string>());
        Assert.Equal("Edith", user["name"]!.GetValue<string>());
        Assert.True(user["verified"]!.GetValue<bool>());

        var password = await admin.SubmitAsync(editUrl + "?handler=Password", new() { ["new_password"] = "Fresh-pass-5678", ["new_password_confirm"] = "Fresh-pass-5678" }, editUrl);
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        var login = await Anonymous().PostJsonAsync("/api/v1/auth/login", new { email, password = "Fresh-pass-5678" });
        await login.ExpectAsync(HttpStatusCode.OK);

        var confirm = await admin.GetPageAsync($"/admin/users/{id}/delete");
        Assert.Contains(email, confirm);
        var deleted = await admin.SubmitAsync($"/admin/users/{id}/delete", []);
        Assert.Equal("/admin/users", deleted.Headers.Location!.OriginalString);
        Assert.Contains($"User {email} was deleted.", await admin.GetPageAsync("/admin/users"));
        await (await Admin.GetAsync($"/api/v1/admin/users/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task EditUser_WeakPasswordReset_ShowsPolicyMessage()
    {
        var admin = await SignInAsync();
        var (id, _, _, _) = await Server.NewUserAsync();

        var response = await admin.SubmitAsync($"/admin/users/{id}?handler=Password",
            new() { ["new_password"] = "abcdefgh", ["new_password_confirm"] = "abcdefgh" }, $"/admin/users/{id}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Password must contain letters and at least one digit or symbol.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task EditUser_UnknownId_ShowsNotFoundPage()
    {
        var admin = await SignInAsync();
        var html = await admin.GetPageAsync("/admin/users/doesnotexist123", HttpStatusCode.NotFound);

        Assert.Contains("Not found", html);
        Assert.Contains("Request id", html);
    }
}

public sealed class AdminUsersPageTestsSqlite(SqliteServer s) : AdminUsersPageTests(s), IClassFixture<SqliteServer>;

public sealed class AdminUsersPageTestsPostgres(PostgresServer s) : AdminUsersPageTests(s), IClassFixture<PostgresServer>;

public sealed class AdminLastAdminTests
{
    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task LastAdmin_CannotBeDemotedOrDeletedInTheUi(string provider)
    {
        const string password = "Owner-pass-1234";
        await using var host = await TestHost.StartAsync(provider,
            [new("FastCms:Auth:AdminEmail", "owner@example.com"), new("FastCms:Auth:AdminPassword", password)]);
        var admin = await AdminClient.SignInAsync(host.Factory, "owner@example.com", password);
        var id = await admin.FindUserIdAsync("owner@example.com");

        var demote = await admin.SubmitAsync($"/admin/users/{id}", new() { ["email"] = "owner@example.com", ["role"] = "user" });
        Assert.Equal(HttpStatusCode.Conflict, demote.StatusCode);
        Assert.Contains("This is the last admin", await demote.Content.ReadAsStringAsync());

        var delete = await admin.SubmitAsync($"/admin/users/{id}/delete", []);
        Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);
        Assert.Contains("This is the last admin and cannot be deleted.", await delete.Content.ReadAsStringAsync());

        Assert.Contains("owner@example.com", await admin.GetPageAsync("/admin"));
    }
}
