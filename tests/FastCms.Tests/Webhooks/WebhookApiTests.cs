using System.Net;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.Records;

namespace FastCms.Tests.Webhooks;

/// <summary>The admin webhooks API: bad bodies are problem details naming the field, never a 500; only admins may use it.</summary>
public abstract class WebhookApiTests(ServerFixture server) : ServerTests(server)
{
    [Theory]
    [InlineData("""{"url":"not a url"}""", "url")]
    [InlineData("""{"url":"ftp://example.com/hook"}""", "url")]
    [InlineData("""{}""", "url")]
    [InlineData("""{"url":"http://127.0.0.2:9/hook"}""", "url")]
    [InlineData("""{"url":"http://[::ffff:127.0.0.2]:9/hook"}""", "url")]
    [InlineData("""{"url":"http://2130706434:9/hook"}""", "url")]
    [InlineData("""{"url":"http://0177.0.0.2:9/hook"}""", "url")]
    [InlineData("""{"url":"http://169.254.169.254/latest/meta-data"}""", "url")]
    [InlineData("""{"url":"https://example.com/hook","collections":["no_such_collection"]}""", "collections")]
    [InlineData("""{"url":"https://example.com/hook","events":["explode"]}""", "events")]
    [InlineData("""{"url":"https://example.com/hook","events":[]}""", "events")]
    [InlineData("""{"url":"https://example.com/hook","secret":"plain-text"}""", "secret")]
    [InlineData("""{"url":"https://example.com/hook","secret":"whsec_c2hvcnQ="}""", "secret")]
    [InlineData("""{"url":"https://example.com/hook","filter":"published=true"}""", "filter")]
    public async Task Create_BadBody_ValidationProblemNamesField(string body, string field)
    {
        var response = await Admin.PostRawAsync("/api/v1/admin/webhooks", body);

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Theory]
    [InlineData("""{"url":}""")]
    [InlineData("""{"url":42}""")]
    [InlineData("""{"collections":"posts","url":"https://example.com"}""")]
    public async Task Create_MalformedJson_BadRequestProblem(string body)
    {
        var response = await Admin.PostRawAsync("/api/v1/admin/webhooks", body);

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Crud_Roundtrip_ListsUpdatesAndDeletes()
    {
        var collection = await Admin.NewCollectionAsync();
        var created = await Admin.CreateWebhookAsync(new { url = "https://example.com/hook", collections = new[] { collection }, events = new[] { "create" } });
        Assert.StartsWith("whsec_", created["secret"]!.GetValue<string>());
        Assert.Equal(["record.created"], created["events"]!.AsArray().Select(e => e!.GetValue<string>()));

        var patched = await (await Admin.PatchJsonAsync($"/api/v1/admin/webhooks/{created.Id()}", new { enabled = false, events = new[] { "update", "delete" } }))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.False(patched["enabled"]!.GetValue<bool>());
        Assert.Equal("https://example.com/hook", patched["url"]!.GetValue<string>());
        Assert.Null(patched["secret"]);

        var list = await (await Admin.GetAsync("/api/v1/admin/webhooks")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(list.AsArray(), w => w!.Id() == created.Id());

        await (await Admin.DeleteAsync($"/api/v1/admin/webhooks/{created.Id()}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await Admin.GetAsync($"/api/v1/admin/webhooks/{created.Id()}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await Admin.PatchJsonAsync($"/api/v1/admin/webhooks/{created.Id()}", new { enabled = true })).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await Admin.GetAsync($"/api/v1/admin/webhooks/{created.Id()}/deliveries")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Webhooks_AsUserOrAnonymous_Refused()
    {
        var (_, _, user, _) = await Server.NewUserAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/api/v1/admin/webhooks")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Anonymous().PostJsonAsync("/api/v1/admin/webhooks", new { url = "https://example.com" })).StatusCode);
    }
}

public sealed class WebhookApiTestsSqlite(SqliteServer<WebhookSetup> server) : WebhookApiTests(server), IClassFixture<SqliteServer<WebhookSetup>>;

public sealed class WebhookApiTestsPostgres(PostgresServer<WebhookSetup> server) : WebhookApiTests(server), IClassFixture<PostgresServer<WebhookSetup>>;
