using System.Net;
using System.Text.Json.Nodes;
using FastCms.Tests.Infrastructure;
using static FastCms.Tests.Infrastructure.PluginFolders;

namespace FastCms.Tests.PluginKit;

/// <summary>A plugin route answering through <c>RecordShape.ToApi</c> answers exactly like the records API.</summary>
public sealed class RecordShapeTests
{
    private const string Password = "Admin-pass-1234";

    private const string Source = """
        using System.Security.Claims;

        namespace Tests_shape;

        public sealed class ShapePlugin : IPlugin
        {
            public PluginMeta Meta { get; } = new("shape", "Shape", "1.0.0");

            public void Register(IPluginContext ctx)
            {
                var api = ctx.IncludeRouter("/shape");
                api.MapGet("/{collection}", async (string collection, string? fields, string? expand, string? filter, ClaimsPrincipal user, IRecords records) =>
                    RecordShape.ToApi(await records.For(user).ListAsync(collection, new RecordListQuery(Filter: filter, Sort: "created", Fields: fields, Expand: expand))));
                api.MapGet("/{collection}/{id}", async (string collection, string id, ClaimsPrincipal user, IRecords records) =>
                    await records.For(user).GetAsync(collection, id) is { } record ? Results.Ok(RecordShape.ToApi(record)) : Results.NotFound());
            }
        }
        """;

    [Theory]
    [InlineData("")]
    [InlineData("fields=title")]
    [InlineData("fields=title,created&expand=author")]
    [InlineData("expand=author,reviewers")]
    [InlineData("filter=title%20%3D%20%22none%22")]
    public async Task PluginList_ThroughRecordShape_EqualsTheRecordsApi(string query)
    {
        await using var host = await StartAsync();
        var admin = await SetupAsync(host);
        await SeedAsync(admin);

        var fromApi = await (await admin.GetAsync($"/api/v1/collections/books/records?sort=created&{query}")).ExpectAsync(HttpStatusCode.OK);
        var fromPlugin = await (await admin.GetAsync($"/api/v1/plugins/shape/books?{query}")).ExpectAsync(HttpStatusCode.OK);

        Assert.True(JsonNode.DeepEquals(fromApi, fromPlugin), $"records API:\n{fromApi}\nplugin:\n{fromPlugin}");
    }

    [Fact]
    public async Task PluginGet_ThroughRecordShape_EqualsTheRecordsApi()
    {
        await using var host = await StartAsync();
        var admin = await SetupAsync(host);
        var id = await SeedAsync(admin);

        var fromApi = await (await admin.GetAsync($"/api/v1/collections/books/records/{id}")).ExpectAsync(HttpStatusCode.OK);
        var fromPlugin = await (await admin.GetAsync($"/api/v1/plugins/shape/books/{id}")).ExpectAsync(HttpStatusCode.OK);

        Assert.True(JsonNode.DeepEquals(fromApi, fromPlugin), $"records API:\n{fromApi}\nplugin:\n{fromPlugin}");
    }

    private static async Task<TestHost> StartAsync()
    {
        var root = TestPaths.NewRoot();
        Write(root, "shape", "ShapePlugin.cs", Source);
        return await TestHost.StartAsync("sqlite", root: root);
    }

    private static async Task<string> SeedAsync(HttpClient admin)
    {
        await (await admin.PostJsonAsync("/api/v1/collections", new
        {
            name = "authors",
            schema = new object[] { new { name = "name", type = "text" }, new { name = "secret", type = "text", hidden = true } },
            list_rule = "",
            view_rule = "",
        })).ExpectAsync(HttpStatusCode.Created);
        await (await admin.PostJsonAsync("/api/v1/collections", new
        {
            name = "books",
            schema = new object[]
            {
                new { name = "title", type = "text" },
                new { name = "author", type = "relation", options = new { collection = "authors" } },
                new { name = "reviewers", type = "relation", options = new { collection = "authors", max_select = 5 } },
            },
            list_rule = "",
            view_rule = "",
        })).ExpectAsync(HttpStatusCode.Created);
        var ann = (await (await admin.PostJsonAsync("/api/v1/collections/authors/records", new { data = new { name = "Ann", secret = "s1" } })).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        var bob = (await (await admin.PostJsonAsync("/api/v1/collections/authors/records", new { data = new { name = "Bob", secret = "s2" } })).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        var first = await (await admin.PostJsonAsync("/api/v1/collections/books/records", new { data = new { title = "One", author = ann, reviewers = new[] { ann, bob } } }))
            .ExpectAsync(HttpStatusCode.Created);
        await (await admin.PostJsonAsync("/api/v1/collections/books/records", new { data = new { title = "Two", author = bob } })).ExpectAsync(HttpStatusCode.Created);
        return first["id"]!.GetValue<string>();
    }

    private static async Task<HttpClient> SetupAsync(TestHost host)
    {
        var body = await (await host.Factory.CreateClient().PostJsonAsync("/api/v1/setup", new { email = "admin@example.com", password = Password, password_confirm = Password }))
            .ExpectAsync(HttpStatusCode.Created);
        return host.Factory.CreateClient().WithBearer(body["token"]!["access_token"]!.GetValue<string>());
    }
}
