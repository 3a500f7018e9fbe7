using System.Net;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.Records;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace FastCms.Tests.Foundation;

/// <summary>A token that fails validation is refused with 401 everywhere, never treated as no token at all.</summary>
public abstract class InvalidTokenTests(ServerFixture server) : ServerTests(server)
{
    public const string PublicRoute = "/api/v1/plugins/token-probe/hello";

    private const string Password = "User-pass-1234";

    public static TheoryData<string> InvalidTokens => new("garbage", "expired", "deleted-user", "logout-all", "password-changed");

    internal static void MapPublicRoute(IEndpointRouteBuilder endpoints) => endpoints.MapGet(PublicRoute, () => new { message = "hello" });

    [Theory]
    [MemberData(nameof(InvalidTokens))]
    public async Task PublicEndpoints_InvalidToken_Return401InvalidToken(string kind)
    {
        var collection = await OpenCollectionAsync();
        var client = Anonymous().WithBearer(await InvalidTokenAsync(kind));

        foreach (var path in new[] { $"/api/v1/collections/{collection}/records", PublicRoute, "/health" })
        {
            var response = await client.GetAsync(path);
            await AssertInvalidTokenAsync(response);
        }
    }

    [Theory]
    [MemberData(nameof(InvalidTokens))]
    public async Task CreateRecord_InvalidToken_Returns401AndWritesNothing(string kind)
    {
        var collection = await OpenCollectionAsync();
        var client = Anonymous().WithBearer(await InvalidTokenAsync(kind));

        await AssertInvalidTokenAsync(await client.PostRecordAsync(collection, new { title = "as a guest" }));

        Assert.Equal(0, await Admin.TotalAsync(collection));
    }

    [Fact]
    public async Task PublicEndpoints_NoToken_StayPublic()
    {
        var collection = await OpenCollectionAsync();
        await Anonymous().CreateRecordAsync(collection, new { title = "by a guest" });
        await (await Anonymous().GetAsync(PublicRoute)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, await Admin.TotalAsync(collection));
    }

    [Fact]
    public async Task Refresh_WithExpiredAccessTokenInHeader_StillRotates()
    {
        var (_, _, _, auth) = await Server.NewUserAsync(Password);
        var client = Anonymous().WithBearer(await InvalidTokenAsync("expired"));

        await (await client.PostJsonAsync("/api/v1/auth/refresh", new { refresh_token = auth["token"]!["refresh_token"]!.GetValue<string>() }))
            .ExpectAsync(HttpStatusCode.OK);
    }

    private static async Task AssertInvalidTokenAsync(HttpResponseMessage response)
    {
        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Contains("error=\"invalid_token\"", challenge.Parameter);
    }

    private async Task<string> OpenCollectionAsync()
    {
        var name = RecordClient.NewName("open");
        await Admin.CreateCollectionAsync(new
        {
            name,
            schema = new object[] { new { name = "title", type = "text" } },
            list_rule = "", view_rule = "", create_rule = "",
        });
        return name;
    }

    private async Task<string> InvalidTokenAsync(string kind)
    {
        if (kind == "garbage")
        {
            return "not-a-jwt";
        }

        var (id, email, client, auth) = await Server.NewUserAsync(Password);
        var token = auth["token"]!["access_token"]!.GetValue<string>();
        switch (kind)
        {
            case "expired":
                return ExpiredTokens.Create(Server.Factory.Services, id, email);
            case "deleted-user":
                await (await Admin.DeleteAsync($"/api/v1/admin/users/{id}")).ExpectAsync(HttpStatusCode.NoContent);
                break;
            case "logout-all":
                await (await client.PostAsync("/api/v1/auth/logout-all", null)).ExpectAsync(HttpStatusCode.NoContent);
                break;
            default:
                await (await client.PostJsonAsync("/api/v1/auth/change-password",
                    new { old_password = Password, new_password = "Brand-new-pass-42", new_password_confirm = "Brand-new-pass-42" })).ExpectAsync(HttpStatusCode.OK);
                break;
        }

        return token;
    }
}

public sealed class InvalidTokenSetup : IServerSetup
{
    public Action<IEndpointRouteBuilder>? TestEndpoints => InvalidTokenTests.MapPublicRoute;
}

public sealed class InvalidTokenTestsSqlite(SqliteServer<InvalidTokenSetup> s) : InvalidTokenTests(s), IClassFixture<SqliteServer<InvalidTokenSetup>>;

public sealed class InvalidTokenTestsPostgres(PostgresServer<InvalidTokenSetup> s) : InvalidTokenTests(s), IClassFixture<PostgresServer<InvalidTokenSetup>>;
