using System.Net;
using System.Text.Json.Nodes;
using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.Records;

/// <summary>
/// Rules see every write form (<c>"views+"</c> is a write to <c>views</c>), and the answer to a write never shows more
/// than the caller may view.
/// </summary>
public abstract class WriteRuleTests(ServerFixture server) : ServerTests(server)
{
    private async Task<string> CollectionAsync(string? viewRule, string? createRule, string? updateRule)
    {
        var name = RecordClient.NewName("posts");
        await Admin.CreateCollectionAsync(new
        {
            name,
            schema = new object[]
            {
                new { name = "title", type = "text" },
                new { name = "views", type = "number" },
                new { name = "author", type = "relation", options = new { collection = "users" } },
            },
            list_rule = viewRule,
            view_rule = viewRule,
            create_rule = createRule,
            update_rule = updateRule,
        });
        return name;
    }

    private async Task<double?> ViewsAsync(string collection, string id)
    {
        var record = await (await Admin.GetAsync($"/api/v1/collections/{collection}/records/{id}")).ExpectAsync(HttpStatusCode.OK);
        return record.Data()["views"]?.GetValue<double>();
    }

    [Fact]
    public async Task Update_ModifierOnFieldTheRuleForbids_Answers404AndKeepsTheValue()
    {
        var name = await CollectionAsync("", "", "@request.data.views = null");
        var id = (await Admin.CreateRecordAsync(name, new { title = "t", views = 5 })).Id();
        var client = Anonymous();

        await (await client.PatchRecordAsync(name, id, new { views = 1000 })).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await client.PatchJsonAsync($"/api/v1/collections/{name}/records/{id}", new { data = new JsonObject { ["views+"] = 1000 } }))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await client.PatchJsonAsync($"/api/v1/collections/{name}/records/{id}", new { data = new JsonObject { ["views-"] = 3 } }))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(5, await ViewsAsync(name, id));

        await (await client.PatchRecordAsync(name, id, new { title = "changed" })).ExpectAsync(HttpStatusCode.OK);
        await (await Admin.PatchJsonAsync($"/api/v1/collections/{name}/records/{id}", new { data = new JsonObject { ["views+"] = 1 } }))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(6, await ViewsAsync(name, id));
    }

    [Fact]
    public async Task Update_Modifier_RuleSeesTheValueTheFieldWillHave()
    {
        var name = await CollectionAsync("", "", "@request.data.views = null || @request.data.views <= 100");
        var id = (await Admin.CreateRecordAsync(name, new { title = "t", views = 50 })).Id();
        var url = $"/api/v1/collections/{name}/records/{id}";
        var client = Anonymous();

        var raised = await (await client.PatchJsonAsync(url, new { data = new JsonObject { ["views+"] = 30 } })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(80, raised.Data()["views"]!.GetValue<double>());
        await (await client.PatchJsonAsync(url, new { data = new JsonObject { ["views+"] = 30 } })).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(80, await ViewsAsync(name, id));
        var lowered = await (await client.PatchJsonAsync(url, new { data = new JsonObject { ["views-"] = 500 } })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(-420, lowered.Data()["views"]!.GetValue<double>());
    }

    [Fact]
    public async Task CreateAndBatch_Modifier_Answer400AndWriteNothing()
    {
        var name = await CollectionAsync("", "@request.data.views = null", "");
        var client = Anonymous();

        var single = await (await client.PostJsonAsync($"/api/v1/collections/{name}/records", new { data = new JsonObject { ["views+"] = 1000 } }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(single["errors"]!["views+"]);
        var batch = await (await client.PostJsonAsync(
            $"/api/v1/collections/{name}/records/batch", new { records = new[] { new JsonObject { ["title"] = "ok" }, new JsonObject { ["views+"] = 1000 } } }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(batch["errors"]!["records[1].views+"]);
        Assert.Equal(0, await Admin.TotalAsync(name));
    }

    [Fact]
    public async Task CreateUpdate_AdminsOnlyViewRule_Answer204WithoutTheRecord()
    {
        var name = await CollectionAsync(null, "", "");
        var client = Anonymous();

        var created = await client.PostRecordAsync(name, new { title = "secret", views = 7 });
        Assert.Equal(HttpStatusCode.NoContent, created.StatusCode);
        Assert.Empty(await created.Content.ReadAsStringAsync());
        var list = await Admin.ListAsync(name);
        var id = list["items"]![0]!.Id();
        Assert.Equal("secret", list["items"]![0]!.Data()["title"]!.GetValue<string>());

        var updated = await client.PatchRecordAsync(name, id, new { });
        Assert.Equal(HttpStatusCode.NoContent, updated.StatusCode);
        Assert.Empty(await updated.Content.ReadAsStringAsync());
        var changed = await client.PatchRecordAsync(name, id, new { title = "renamed" });
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal("renamed", (await Admin.ListAsync(name))["items"]![0]!.Data()["title"]!.GetValue<string>());

        var asAdmin = await (await Admin.PatchRecordAsync(name, id, new { })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("renamed", asAdmin.Data()["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateUpdate_ViewRuleExpression_AnswerWithTheRecordOnlyWhenTheCallerMayView()
    {
        var name = await CollectionAsync("author = @request.auth.id", "", "");
        var ann = await Server.NewUserAsync();
        var bob = await Server.NewUserAsync();

        var own = await (await ann.Client.PostRecordAsync(name, new { title = "mine", author = ann.Id })).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("mine", own.Data()["title"]!.GetValue<string>());
        var gift = await bob.Client.PostRecordAsync(name, new { title = "for ann", author = ann.Id });
        Assert.Equal(HttpStatusCode.NoContent, gift.StatusCode);
        Assert.Null(gift.Headers.Location);

        var byBob = await bob.Client.PatchRecordAsync(name, own.Id(), new { views = 1 });
        Assert.Equal(HttpStatusCode.NoContent, byBob.StatusCode);
        Assert.Empty(await byBob.Content.ReadAsStringAsync());
        var handedOver = await ann.Client.PatchRecordAsync(name, own.Id(), new { author = bob.Id });
        Assert.Equal(HttpStatusCode.NoContent, handedOver.StatusCode);
        var byNewOwner = await (await bob.Client.PatchRecordAsync(name, own.Id(), new { views = 2 })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("mine", byNewOwner.Data()["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Batch_ItemsTheCallerMayNotView_AppearAsIdOnly()
    {
        var name = await CollectionAsync("author = @request.auth.id", "", "");
        var ann = await Server.NewUserAsync();
        var bob = await Server.NewUserAsync();

        var body = await (await bob.Client.PostJsonAsync($"/api/v1/collections/{name}/records/batch", new
        {
            records = new object[] { new { title = "own", author = bob.Id }, new { title = "for ann", author = ann.Id } },
        })).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal(2, body["created"]!.GetValue<int>());
        var records = body["records"]!.AsArray();
        Assert.Equal("own", records[0]!.Data()["title"]!.GetValue<string>());
        Assert.Equal(["id"], records[1]!.AsObject().Select(p => p.Key));
        Assert.DoesNotContain("for ann", body.ToJsonString());
        Assert.Equal("for ann", await ann.Client.MatchingAsync(name, "title != null"));
    }

    [Fact]
    public async Task OpenApi_WriteEndpoints_Declare204()
    {
        var paths = (await (await Anonymous().GetAsync("/openapi/v1.json")).ExpectAsync(HttpStatusCode.OK))["paths"]!;
        var create = paths["/api/v1/collections/{collection}/records"]!["post"]!;
        var update = paths["/api/v1/collections/{collection}/records/{id}"]!["patch"]!;
        foreach (var operation in new[] { create, update })
        {
            Assert.NotNull(operation["responses"]!["204"]);
            Assert.Contains("204 No Content", operation["description"]!.GetValue<string>());
        }

        Assert.Contains("view rule", paths["/api/v1/collections/{collection}/records/batch"]!["post"]!["description"]!.GetValue<string>());
    }
}

public sealed class WriteRuleTestsSqlite(SqliteServer server) : WriteRuleTests(server), IClassFixture<SqliteServer>;

public sealed class WriteRuleTestsPostgres(PostgresServer server) : WriteRuleTests(server), IClassFixture<PostgresServer>;
