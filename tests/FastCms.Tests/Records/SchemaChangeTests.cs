using System.Net;
using System.Text.Json.Nodes;
using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.Records;

/// <summary>Schema changes on a populated table keep the data: add, rename and remove fields, rename the collection.</summary>
public abstract class SchemaChangeTests(ServerFixture server) : ServerTests(server)
{
    private const int Rows = 1000;

    private async Task<(string Name, JsonNode Collection)> PopulatedAsync()
    {
        var name = RecordClient.NewName("big");
        var collection = await Admin.CreateCollectionAsync(new
        {
            name,
            schema = new object[]
            {
                new { name = "title", type = "text", validation = new { unique = true } },
                new { name = "n", type = "number" },
                new { name = "extra", type = "text" },
                new { name = "tags", type = "select", options = new { values = new[] { "a", "b" }, max_select = 2 } },
            },
            indexes = new[] { new { fields = new[] { "n", "title" } } },
            list_rule = "", view_rule = "",
        });
        for (var batch = 0; batch < Rows / 100; batch++)
        {
            var records = Enumerable.Range(batch * 100, 100).Select(i => new { title = $"row{i:0000}", n = i, extra = $"x{i}", tags = new[] { i % 2 == 0 ? "a" : "b" } });
            await (await Admin.PostJsonAsync($"/api/v1/collections/{name}/records/batch", new { records })).ExpectAsync(HttpStatusCode.Created);
        }

        return (name, collection);
    }

    private static object Field(JsonNode collection, string name) => collection["schema"]!.AsArray().Single(f => f!["name"]!.GetValue<string>() == name)!;

    private async Task<List<JsonNode>> AllAsync(string name)
    {
        var items = new List<JsonNode>();
        for (var page = 1; page <= 2; page++)
        {
            items.AddRange((await Admin.ListAsync(name, $"per_page=500&page={page}&sort=title"))["items"]!.AsArray().Select(i => i!));
        }

        return items;
    }

    [Fact]
    public async Task Update_AddRenameRemoveFields_KeepsEveryRow()
    {
        var (name, collection) = await PopulatedAsync();
        var title = Field(collection, "title");
        var n = (JsonObject)JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Field(collection, "n")))!;
        n["name"] = "num";
        var tags = Field(collection, "tags");

        var updated = await (await Admin.PatchJsonAsync($"/api/v1/collections/{collection.Id()}", new
        {
            schema = new object[] { title, n, tags, new { name = "added", type = "number" }, new { name = "extra2", type = "bool" } },
        })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["title", "num", "tags", "added", "extra2"], updated["schema"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()));
        Assert.Equal(["num", "title"], updated["indexes"]![0]!["fields"]!.AsArray().Select(f => f!.GetValue<string>()));

        var rows = await AllAsync(name);
        Assert.Equal(Rows, rows.Count);
        for (var i = 0; i < Rows; i++)
        {
            var data = rows[i].Data().AsObject();
            Assert.Equal($"row{i:0000}", data["title"]!.GetValue<string>());
            Assert.Equal(i, data["num"]!.GetValue<double>());
            Assert.Equal(i % 2 == 0 ? "a" : "b", data["tags"]![0]!.GetValue<string>());
            Assert.Null(data["added"]);
            Assert.False(data.ContainsKey("extra"));
            Assert.False(data.ContainsKey("n"));
        }

        Assert.Equal(500, (await Admin.ListAsync(name, "filter=num%20%3E%3D%20500&per_page=1"))["total"]!.GetValue<long>());
        await (await Admin.GetAsync($"/api/v1/collections/{name}/records?filter=n%3D1")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var dup = await (await Admin.PostRecordAsync(name, new { title = "row0001" })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(dup["errors"]!["title"]);
        await Admin.CreateRecordAsync(name, new { title = "new", num = 1, added = 2, extra2 = true });
        Assert.Equal(Rows + 1, await Admin.TotalAsync(name));
    }

    [Fact]
    public async Task Update_RenameCollectionAndSwapFieldNames_KeepsEveryRow()
    {
        var (name, collection) = await PopulatedAsync();
        var renamed = name + "_renamed";
        var title = (JsonObject)JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Field(collection, "title")))!;
        var extra = (JsonObject)JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Field(collection, "extra")))!;
        (title["name"], extra["name"]) = ("extra", "title");

        await (await Admin.PatchJsonAsync($"/api/v1/collections/{collection.Id()}", new
        {
            name = renamed,
            schema = new object[] { title, extra, Field(collection, "n"), Field(collection, "tags") },
        })).ExpectAsync(HttpStatusCode.OK);

        await (await Admin.GetAsync($"/api/v1/collections/{name}/records")).ExpectProblemAsync(HttpStatusCode.NotFound);
        var rows = await (await Admin.GetAsync($"/api/v1/collections/{renamed}/records?per_page=500&sort=n&filter={Uri.EscapeDataString("n < 500")}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(500, rows["items"]!.AsArray().Count);
        Assert.Equal(Rows, await Admin.TotalAsync(renamed));
        for (var i = 0; i < 500; i++)
        {
            var data = rows["items"]![i]!.Data();
            Assert.Equal($"row{i:0000}", data["extra"]!.GetValue<string>());
            Assert.Equal($"x{i}", data["title"]!.GetValue<string>());
        }

        var dup = await (await Admin.PostRecordAsync(renamed, new { extra = "row0002" })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(dup["errors"]!["extra"]);
    }

    [Fact]
    public async Task Update_ChangesNeedingConversionOrBreakingData_AreRefused()
    {
        var (name, collection) = await PopulatedAsync();
        var n = (JsonObject)JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Field(collection, "n")))!;
        n["type"] = "text";
        var typeChange = await (await Admin.PatchJsonAsync($"/api/v1/collections/{collection.Id()}",
            new { schema = new object[] { Field(collection, "title"), n } })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(typeChange["errors"]!["schema[1].type"]);

        var extra = (JsonObject)JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Field(collection, "extra")))!;
        extra["validation"] = new JsonObject { ["unique"] = true };
        await Admin.CreateRecordAsync(name, new { title = "dup1", extra = "same" });
        await Admin.CreateRecordAsync(name, new { title = "dup2", extra = "same" });
        var unique = await (await Admin.PatchJsonAsync($"/api/v1/collections/{collection.Id()}",
            new { schema = new object[] { Field(collection, "title"), Field(collection, "n"), extra, Field(collection, "tags") } })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(unique["errors"]);

        var current = await (await Admin.GetAsync($"/api/v1/collections/{collection.Id()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["title", "n", "extra", "tags"], current["schema"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()));
        Assert.Equal(Rows + 2, await Admin.TotalAsync(name));
    }

    [Fact]
    public async Task Update_RuleBrokenBySchemaChange_IsRefused()
    {
        var (name, collection) = await PopulatedAsync();
        await (await Admin.PatchJsonAsync($"/api/v1/collections/{name}", new { list_rule = "n > 10" })).ExpectAsync(HttpStatusCode.OK);
        var problem = await (await Admin.PatchJsonAsync($"/api/v1/collections/{collection.Id()}",
            new { schema = new object[] { Field(collection, "title"), Field(collection, "extra") } })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("'n'", problem["errors"]!["list_rule"]![0]!.GetValue<string>());

        await (await Admin.PatchJsonAsync($"/api/v1/collections/{collection.Id()}",
            new { schema = new object[] { Field(collection, "title"), Field(collection, "extra") }, list_rule = "extra != null" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(Rows, (await Anonymous().ListAsync(name, "per_page=1"))["total"]!.GetValue<long>());
    }
}

public sealed class SchemaChangeTestsSqlite(SqliteServer server) : SchemaChangeTests(server), IClassFixture<SqliteServer>;

public sealed class SchemaChangeTestsPostgres(PostgresServer server) : SchemaChangeTests(server), IClassFixture<PostgresServer>;
