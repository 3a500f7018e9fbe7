using System.Net;
using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.Foundation;

public abstract class AuthApiTests(ServerFixture server) : ServerTests(server)
{
    private const string Password = "User-pass-1234";

    [Fact]
    public async Task Register_ValidBody_Returns201WithUserAndTokens()
    {
        var email = $"new-{Guid.NewGuid():N}@Example.com";
        var body = await (await Anonymous().PostJsonAsync("/api/v1/auth/register", new { email, password = Password, password_confirm = Password, name = "Ada" }))
            .ExpectAsync(HttpStatusCode.Created);

        Assert.Equal(email.ToLowerInvariant(), body["user"]!["email"]!.GetValue<string>());
        Assert.Equal("user", body["user"]!["role"]!.GetValue<string>());
        Assert.Equal("Ada", body["user"]!["name"]!.GetValue<string>());
        Assert.Null(body["user"]!["password_hash"]);
        Assert.Equal(900, body["token"]!["expires_in"]!.GetValue<int>());
    }

    [Fact]
    public async Task Register_DuplicateEmailInOtherCase_Returns409()
    {
        var (_, email, _, _) = await Server.NewUserAsync();
        var response = await Anonymous().PostJsonAsync("/api/v1/auth/register", new { email = email.ToUpperInvariant(), password = Password, password_confirm = Password });
        await response.ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("""{"email":"x@example.com","password":"Short-1","password_confirm":"Short-1"}""", "password")]
    [InlineData("""{"email":"x@example.com","password":"onlyletters","password_confirm":"onlyletters"}""", "password")]
    [InlineData("""{"email":"x@example.com","password":"User-pass-1234","password_confirm":"User-pass-9999"}""", "password_confirm")]
    [InlineData("""{"email":"x@example.com","password":"User-pass-1234"}""", "password_confirm")]
    [InlineData("""{"email":"x@","password":"User-pass-1234","password_confirm":"User-pass-1234"}""", "email")]
    public async Task Register_InvalidField_Returns400NamingTheField(string body, string field)
    {
        var problem = await (await Anonymous().PostRawAsync("/api/v1/auth/register", body)).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Theory]
    [InlineData("{\"email\": ")]
    [InlineData("[1,2,3]")]
    [InlineData("")]
    public async Task Register_MalformedBody_Returns400ProblemWithReason(string body)
    {
        var problem = await (await Anonymous().PostRawAsync("/api/v1/auth/register", body)).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()));
        Assert.NotNull(problem["request_id"]);
    }

    [Fact]
    public async Task Login_CorrectPassword_ReturnsTokensThatAuthenticate()
    {
        var (id, email, _, _) = await Server.NewUserAsync();
        var login = await (await Anonymous().PostJsonAsync("/api/v1/auth/login", new { email, password = Password })).ExpectAsync(HttpStatusCode.OK);

        var client = Anonymous().WithBearer(login["token"]!["access_token"]!.GetValue<string>());
        var me = await (await client.GetAsync("/api/v1/auth/me")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(id, me["id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Login_WrongPasswordOrUnknownEmail_Returns401WithSameMessage(bool knownEmail)
    {
        var (_, email, _, _) = await Server.NewUserAsync();
        var response = await Anonymous().PostJsonAsync("/api/v1/auth/login", new { email = knownEmail ? email : "nobody-" + email, password = "Wrong-pass-1234" });
        var problem = await response.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Invalid email or password.", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Login_MissingFields_Returns400()
    {
        var problem = await (await Anonymous().PostRawAsync("/api/v1/auth/login", "{}")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["email"]);
        Assert.NotNull(problem["errors"]!["password"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-jwt")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl")]
    public async Task Me_MissingOrInvalidToken_Returns401(string? token)
    {
        var client = token is null ? Anonymous() : Anonymous().WithBearer(token);
        await (await client.GetAsync("/api/v1/auth/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task UpdateMe_Name_IsStored()
    {
        var (_, _, client, _) = await Server.NewUserAsync();
        var me = await (await client.PatchJsonAsync("/api/v1/auth/me", new { name = "Grace" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Grace", me["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task UpdateMe_EmailWithoutPassword_Returns400AndWithPasswordSucceeds()
    {
        var (_, _, client, _) = await Server.NewUserAsync();
        var newEmail = $"moved-{Guid.NewGuid():N}@example.com";

        var refused = await (await client.PatchJsonAsync("/api/v1/auth/me", new { email = newEmail })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(refused["errors"]!["password"]);

        var me = await (await client.PatchJsonAsync("/api/v1/auth/me", new { email = newEmail, password = Password })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(newEmail, me["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task UpdateMe_EmailOfAnotherUser_Returns409()
    {
        var (_, otherEmail, _, _) = await Server.NewUserAsync();
        var (_, _, client, _) = await Server.NewUserAsync();
        await (await client.PatchJsonAsync("/api/v1/auth/me", new { email = otherEmail, password = Password })).ExpectProblemAsync(HttpStatusCode.Conflict);
    }
}

public sealed class AuthApiTestsSqlite(SqliteServer server) : AuthApiTests(server), IClassFixture<SqliteServer>;

public sealed class AuthApiTestsPostgres(PostgresServer server) : AuthApiTests(server), IClassFixture<PostgresServer>;
