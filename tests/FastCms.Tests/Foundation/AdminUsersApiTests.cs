using System.Net;
using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.Foundation;

public abstract class AdminUsersApiTests(ServerFixture server) : ServerTests(server)
{
    private const string Password = "User-pass-1234";

    [Fact]
    public async Task AdminEndpoints_WithoutToken_Return401AndForUsers403()
    {
        var (id, _, user, _) = await Server.NewUserAsync();
        string[] paths = ["/api/v1/admin/users", $"/api/v1/admin/users/{id}"];
        foreach (var path in paths)
        {
            await (await Anonymous().GetAsync(path)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
            await (await user.GetAsync(path)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        }

        await (await user.PostJsonAsync("/api/v1/admin/users", new { email = "x@example.com", password = Password })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await user.PatchJsonAsync($"/api/v1/admin/users/{id}", new { role = "admin" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await user.DeleteAsync($"/api/v1/admin/users/{id}")).ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task List_SearchAndPaging_ReturnMatchingPage()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 3; i++)
        {
            await (await Admin.PostJsonAsync("/api/v1/admin/users", new { email = $"list-{tag}-{i}@example.com", password = Password })).ExpectAsync(HttpStatusCode.Created);
        }

        var page = await (await Admin.GetAsync($"/api/v1/admin/users?search={tag}&per_page=2&page=2")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(3, page["total"]!.GetValue<long>());
        Assert.Equal(2, page["total_pages"]!.GetValue<long>());
        Assert.Single(page["items"]!.AsArray());
        Assert.Equal($"list-{tag}-2@example.com", page["items"]![0]!["email"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("per_page=0")]
    [InlineData("per_page=501")]
    [InlineData("page=abc")]
    public async Task List_BadPaging_Returns400(string query)
    {
        await (await Admin.GetAsync($"/api/v1/admin/users?{query}")).ExpectProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Create_ThenGetUpdateDelete_Works()
    {
        var email = $"crud-{Guid.NewGuid():N}@example.com";
        var created = await (await Admin.PostJsonAsync("/api/v1/admin/users", new { email, password = Password, name = "Crud", role = "user" })).ExpectAsync(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<string>();

        await (await Admin.PostJsonAsync("/api/v1/admin/users", new { email, password = Password })).ExpectProblemAsync(HttpStatusCode.Conflict);
        var fetched = await (await Admin.GetAsync($"/api/v1/admin/users/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Crud", fetched["name"]!.GetValue<string>());

        var updated = await (await Admin.PatchJsonAsync($"/api/v1/admin/users/{id}", new { name = "Renamed", verified = true })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Renamed", updated["name"]!.GetValue<string>());
        Assert.True(updated["verified"]!.GetValue<bool>());

        await (await Admin.DeleteAsync($"/api/v1/admin/users/{id}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await Admin.GetAsync($"/api/v1/admin/users/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await Admin.DeleteAsync($"/api/v1/admin/users/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"email":"bad","password":"User-pass-1234"}""", "email")]
    [InlineData("""{"email":"ok@example.com","password":"weak"}""", "password")]
    [InlineData("""{"email":"ok@example.com","password":"User-pass-1234","role":"root"}""", "role")]
    public async Task Create_InvalidField_Returns400(string body, string field)
    {
        var problem = await (await Admin.PostRawAsync("/api/v1/admin/users", body)).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task Update_PromoteToAdmin_GrantsAdminAccessAfterNewLogin()
    {
        var (id, email, user, _) = await Server.NewUserAsync();
        await (await Admin.PatchJsonAsync($"/api/v1/admin/users/{id}", new { role = "admin" })).ExpectAsync(HttpStatusCode.OK);

        // The role change revoked the old token; a new login carries the new role.
        await (await user.GetAsync("/api/v1/auth/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        var login = await (await Anonymous().PostJsonAsync("/api/v1/auth/login", new { email, password = Password })).ExpectAsync(HttpStatusCode.OK);
        var promoted = Anonymous().WithBearer(login["token"]!["access_token"]!.GetValue<string>());
        await (await promoted.GetAsync("/api/v1/admin/users")).ExpectAsync(HttpStatusCode.OK);

        await (await Admin.PatchJsonAsync($"/api/v1/admin/users/{id}", new { role = "user" })).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Delete_User_RevokesItsTokens()
    {
        var (id, _, user, _) = await Server.NewUserAsync();
        await (await Admin.DeleteAsync($"/api/v1/admin/users/{id}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await user.GetAsync("/api/v1/auth/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Update_UnknownUser_Returns404()
    {
        await (await Admin.PatchJsonAsync("/api/v1/admin/users/doesnotexist123", new { name = "x" })).ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}

public sealed class AdminUsersApiTestsSqlite(SqliteServer server) : AdminUsersApiTests(server), IClassFixture<SqliteServer>;

public sealed class AdminUsersApiTestsPostgres(PostgresServer server) : AdminUsersApiTests(server), IClassFixture<PostgresServer>;
