using System.Net;
using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.Records;

/// <summary>The collections API: admin only, the original request and response shape, validated definitions.</summary>
public abstract class CollectionsApiTests(ServerFixture server) : ServerTests(server)
{
    public static TheoryData<string, string> InvalidDefinitions => new()
    {
        { """{"name":"1abc"}""", "name" },
        { """{"name":"_private"}""", "name" },
        { """{"name":"users"}""", "name" },
        { """{"name":"plugin_settings"}""", "name" },
        { """{"name":"select"}""", "name" },
        { """{"name":"sqlite_master"}""", "name" },
        { """{"name":"sqlite_sequence"}""", "name" },
        { """{"name":"sqlite_stat1"}""", "name" },
        { """{"name":"SQLITE_temp_master"}""", "name" },
        { """{"name":"pg_class"}""", "name" },
        { """{"name":"a-b"}""", "name" },
        { "{\"name\":\"" + new string('a', 64) + "\"}", "name" },
        { """{"name":"okname","type":"view"}""", "type" },
        { """{"name":"okname","schema":[{"name":"id","type":"text"}]}""", "schema[0].name" },
        { """{"name":"okname","schema":[{"name":"created","type":"text"}]}""", "schema[0].name" },
        { """{"name":"okname","schema":[{"name":"order","type":"text"}]}""", "schema[0].name" },
        { """{"name":"okname","schema":[{"name":"a","type":"text"},{"name":"A","type":"text"}]}""", "schema[1].name" },
        { """{"name":"okname","schema":[{"name":"a","type":"integer"}]}""", "schema[0].type" },
        { """{"name":"okname","schema":[{"name":"a","type":"select"}]}""", "schema[0].options.values" },
        { """{"name":"okname","schema":[{"name":"a","type":"select","options":{"values":["x"],"max_select":2}}]}""", "schema[0].options.max_select" },
        { """{"name":"okname","schema":[{"name":"a","type":"relation","options":{"collection":"nowhere"}}]}""", "schema[0].options.collection" },
        { """{"name":"okname","schema":[{"name":"a","type":"relation","options":{"collection":"users","cascade_delete":"explode"}}]}""", "schema[0].options.cascade_delete" },
        { """{"name":"okname","schema":[{"name":"a","type":"relation","validation":{"required":true},"options":{"collection":"users","cascade_delete":"set_null"}}]}""", "schema[0].options.cascade_delete" },
        { """{"name":"okname","schema":[{"name":"a","type":"text","validation":{"pattern":"(unclosed"}}]}""", "schema[0].validation.pattern" },
        { """{"name":"okname","schema":[{"name":"a","type":"text","validation":{"min":1}}]}""", "schema[0].validation.min" },
        { """{"name":"okname","schema":[{"name":"a","type":"number","validation":{"min":5,"max":1}}]}""", "schema[0].validation.min" },
        { """{"name":"okname","schema":[{"name":"a","type":"json","validation":{"unique":true}}]}""", "schema[0].validation.unique" },
        { """{"name":"okname","schema":[{"name":"a","type":"number","default":"seven"}]}""", "schema[0].default" },
        { """{"name":"okname","schema":[{"name":"a","type":"text"}],"indexes":[{"fields":["b"]}]}""", "indexes[0].fields" },
        { """{"name":"okname","list_rule":"title = "}""", "list_rule" },
        { """{"name":"okname","view_rule":"nope = 1"}""", "view_rule" },
        { """{"name":"okname","create_rule":"   "}""", "create_rule" },
    };

    [Theory]
    [MemberData(nameof(InvalidDefinitions))]
    public async Task Create_InvalidDefinition_Returns400WithFieldError(string body, string field)
    {
        var problem = await (await Admin.PostRawAsync("/api/v1/collections", body)).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]?[field] is not null, problem.ToJsonString());
    }

    [Fact]
    public async Task Create_OriginalShape_RoundTrips()
    {
        var name = RecordClient.NewName("posts");
        var created = await Admin.CreateCollectionAsync(new
        {
            name,
            type = "base",
            schema = new object[]
            {
                new { name = "title", type = "text", validation = new { required = true, max_length = 200 } },
                new { name = "author", type = "relation", options = new { collection = "users", max_select = 1, cascade_delete = "set_null" } },
                new { name = "secret", type = "text", hidden = true },
            },
            list_rule = "",
            view_rule = "",
            create_rule = "@request.auth.id != \"\"",
            update_rule = (string?)null,
            delete_rule = (string?)null,
        });

        Assert.Equal(name, created["name"]!.GetValue<string>());
        Assert.Equal("base", created["type"]!.GetValue<string>());
        Assert.Equal(15, created.Id().Length);
        var schema = created["schema"]!.AsArray();
        Assert.Equal(200, schema[0]!["validation"]!["max_length"]!.GetValue<int>());
        Assert.True(schema[0]!["validation"]!["required"]!.GetValue<bool>());
        Assert.Equal("users", schema[1]!["options"]!["collection"]!.GetValue<string>());
        Assert.Equal("set_null", schema[1]!["options"]!["cascade_delete"]!.GetValue<string>());
        Assert.True(schema[2]!["hidden"]!.GetValue<bool>());
        Assert.Equal("", created["list_rule"]!.GetValue<string>());
        Assert.Equal("@request.auth.id != \"\"", created["create_rule"]!.GetValue<string>());
        Assert.Null(created["update_rule"]);

        var byId = await (await Admin.GetAsync($"/api/v1/collections/{created.Id()}")).ExpectAsync(HttpStatusCode.OK);
        var byName = await (await Admin.GetAsync($"/api/v1/collections/name/{name}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(created.ToJsonString(), byId.ToJsonString());
        Assert.Equal(created.ToJsonString(), byName.ToJsonString());
        var list = await (await Admin.GetAsync("/api/v1/collections?per_page=500")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(list["items"]!.AsArray(), c => c!["name"]!.GetValue<string>() == name);
        Assert.DoesNotContain(list["items"]!.AsArray(), c => c!["name"]!.GetValue<string>() == "users");
    }

    [Fact]
    public async Task Create_NewCollection_DefaultsToAdminOnlyRules()
    {
        var created = await Admin.CreateCollectionAsync(new { name = RecordClient.NewName() });
        foreach (var rule in new[] { "list_rule", "view_rule", "create_rule", "update_rule", "delete_rule" })
        {
            Assert.Null(created[rule]);
        }
    }

    [Fact]
    public async Task Create_DuplicateOrExistingTableName_Returns409()
    {
        var name = RecordClient.NewName("dup");
        await Admin.CreateCollectionAsync(new { name });
        await (await Admin.PostJsonAsync("/api/v1/collections", new { name })).ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await Admin.PostJsonAsync("/api/v1/collections", new { name = name.ToUpperInvariant() })).ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Endpoints_RequireAnAdmin()
    {
        var user = await Server.NewUserAsync();
        await (await Anonymous().GetAsync("/api/v1/collections")).ExpectAsync(HttpStatusCode.Unauthorized);
        await (await user.Client.GetAsync("/api/v1/collections")).ExpectAsync(HttpStatusCode.Forbidden);
        await (await user.Client.PostJsonAsync("/api/v1/collections", new { name = RecordClient.NewName() })).ExpectAsync(HttpStatusCode.Forbidden);
        await (await Anonymous().GetAsync("/api/v1/collections/name/users")).ExpectAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Delete_DropsTheTable_RefusedWhileReferenced()
    {
        var target = RecordClient.NewName("target");
        var created = await Admin.CreateCollectionAsync(new { name = target, schema = new object[] { new { name = "title", type = "text" } } });
        var source = await Admin.CreateCollectionAsync(new
        {
            name = RecordClient.NewName("source"),
            schema = new object[] { new { name = "link", type = "relation", options = new { collection = target } } },
        });
        await Admin.CreateRecordAsync(target, new { title = "kept" });

        var refused = await (await Admin.DeleteAsync($"/api/v1/collections/{created.Id()}")).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("link", refused["detail"]!.GetValue<string>());
        Assert.Equal(1, await Admin.TotalAsync(target));

        await (await Admin.DeleteAsync($"/api/v1/collections/{source.Id()}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await Admin.DeleteAsync($"/api/v1/collections/{created.Id()}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await Admin.GetAsync($"/api/v1/collections/{created.Id()}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await Admin.GetAsync($"/api/v1/collections/{target}/records")).ExpectProblemAsync(HttpStatusCode.NotFound);

        var again = await Admin.CreateCollectionAsync(new { name = target, schema = new object[] { new { name = "title", type = "text" } } });
        Assert.Equal(0, await Admin.TotalAsync(target));
        Assert.NotEqual(created.Id(), again.Id());
    }

    [Fact]
    public async Task OpenApi_DescribesCollectionsAndRecords()
    {
        var document = await (await Anonymous().GetAsync("/openapi/v1.json")).ExpectAsync(HttpStatusCode.OK);
        Assert.NotNull(document["paths"]!["/api/v1/collections/{collection}/records"]);
        Assert.NotNull(document["paths"]!["/api/v1/collections/{id}"]);
        var record = document["components"]!["schemas"]!["RecordView"]!;
        Assert.Equal(["id", "data", "created", "updated", "expand"], record["properties"]!.AsObject().Select(p => p.Key));
    }

    [Theory]
    [InlineData("""{"name":"a{bad}"}""", "name", false)]
    [InlineData("""{"name":"a{bad}"}""", "name", true)]
    [InlineData("""{"name":"okname","schema":[{"name":"t","type":"text","default":"{bad}"}]}""", "schema[0].default", false)]
    [InlineData("""{"name":"okname","schema":[{"name":"t","type":"text","default":"{bad}"}]}""", "schema[0].default", true)]
    [InlineData("""{"name":"okname","schema":[{"name":"t","type":"json","default":{"a":["{bad}"]}}]}""", "schema[0].default", false)]
    [InlineData("""{"name":"okname","schema":[{"name":"t","type":"json","default":{"a":["{bad}"]}}]}""", "schema[0].default", true)]
    [InlineData("""{"name":"okname","list_rule":"t = '{bad}'","schema":[{"name":"t","type":"text"}]}""", "list_rule", false)]
    [InlineData("""{"name":"okname","schema":[{"name":"t{bad}","type":"text"}]}""", "schema[0].name", true)]
    public async Task Create_InvalidUnicode_Returns400NamingTheField(string body, string field, bool rawBytes)
    {
        var response = await Admin.SendBytesAsync(HttpMethod.Post, "/api/v1/collections", Json.WithInvalidText(body, rawBytes));

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        var text = problem.ToJsonString();
        Assert.True(problem["errors"]?[field] is not null || text.Contains("$." + field, StringComparison.Ordinal), text);
    }

    [Theory]
    [InlineData("sqlite_master")]
    [InlineData("sqlite_sequence")]
    [InlineData("sqlite_stat1")]
    [InlineData("sqlite_temp_master")]
    [InlineData("pg_tables")]
    public async Task Rename_ToDatabaseCatalogName_Returns400AndKeepsTheName(string reserved)
    {
        var name = RecordClient.NewName("posts");
        await Admin.CreateCollectionAsync(new { name, schema = new object[] { new { name = "title", type = "text" } } });

        var problem = await (await Admin.PatchJsonAsync($"/api/v1/collections/{name}", new { name = reserved })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]?["name"] is not null, problem.ToJsonString());
        await (await Admin.GetAsync($"/api/v1/collections/name/{name}")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Update_UnknownCollectionOrBadBody_ReturnsProblem()
    {
        await (await Admin.PatchJsonAsync("/api/v1/collections/nothinghere0000", new { name = "x" })).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await Admin.DeleteAsync("/api/v1/collections/nothinghere0000")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await Admin.PostRawAsync("/api/v1/collections", "[1,2]")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await Admin.PostRawAsync("/api/v1/collections", """{"name":"x","schema":"nope"}""")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await Admin.GetAsync("/api/v1/collections/users/records")).ExpectProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Update_FieldsInAnotherOrder_ReturnsThemInThatOrderWithTheirData()
    {
        var name = RecordClient.NewName("ordered");
        var created = await Admin.CreateCollectionAsync(new { name, schema = new object[] { new { name = "a", type = "text" }, new { name = "b", type = "number" } } });
        await Admin.CreateRecordAsync(name, new { a = "kept", b = 2 });
        var schema = created["schema"]!.AsArray();

        var updated = await (await Admin.PatchJsonAsync($"/api/v1/collections/{created.Id()}", new { schema = new[] { schema[1], schema[0] } })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(["b", "a"], updated["schema"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()));
        var fetched = await (await Admin.GetAsync($"/api/v1/collections/{created.Id()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["b", "a"], fetched["schema"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()));
        var data = (await Admin.ListAsync(name))["items"]![0]!.Data();
        Assert.Equal("kept", data["a"]!.GetValue<string>());
        Assert.Equal(2, data["b"]!.GetValue<int>());
    }
}

public sealed class CollectionsApiTestsSqlite(SqliteServer server) : CollectionsApiTests(server), IClassFixture<SqliteServer>;

public sealed class CollectionsApiTestsPostgres(PostgresServer server) : CollectionsApiTests(server), IClassFixture<PostgresServer>;
