using System.Net;
using System.Text.Json.Nodes;
using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.Records;

/// <summary>Each field type's validation and stored form, through the records API.</summary>
public abstract class FieldValidationTests(ServerFixture server) : ServerTests(server)
{
    public static TheoryData<string, string, string?> Values => new()
    {
        // field, submitted JSON, stored JSON (null: refused with a field error)
        { "t", "\"abc\"", "\"abc\"" },
        { "t", "\"a\"", null },
        { "t", "\"abcdef\"", null },
        { "t", "\"AB\"", null },
        { "t", "5", null },
        { "t", "\"\"", "null" },
        { "e", "\"<p>Rich <b>text</b></p>\"", "\"<p>Rich <b>text</b></p>\"" },
        { "e", "true", null },
        { "n", "5", "5" },
        { "n", "2.5", "2.5" },
        { "n", "-1", null },
        { "n", "11", null },
        { "n", "\"5\"", null },
        { "b", "true", "true" },
        { "b", "false", "false" },
        { "b", "\"true\"", null },
        { "b", "1", null },
        { "m", "\"ann@example.com\"", "\"ann@example.com\"" },
        { "m", "\"not-an-email\"", null },
        { "u", "\"https://example.com/a?b=c\"", "\"https://example.com/a?b=c\"" },
        { "u", "\"ftp://example.com\"", null },
        { "u", "\"example.com\"", null },
        { "d", "\"2024-05-31\"", "\"2024-05-31\"" },
        { "d", "\"2024-02-30\"", null },
        { "d", "\"tomorrow\"", null },
        { "dt", "\"2024-05-31T12:00:00+02:00\"", "\"2024-05-31T10:00:00.000Z\"" },
        { "dt", "\"2024-05-31T10:00:00.123456Z\"", "\"2024-05-31T10:00:00.123Z\"" },
        { "dt", "\"not a date\"", null },
        { "s", "\"x\"", "\"x\"" },
        { "s", "\"q\"", null },
        { "s", "[\"x\"]", null },
        { "sm", "[\"x\", \"z\"]", "[\"x\",\"z\"]" },
        { "sm", "[\"x\", \"x\"]", "[\"x\"]" },
        { "sm", "\"y\"", "[\"y\"]" },
        { "sm", "[]", "[]" },
        { "sm", "[\"x\", \"y\", \"z\"]", null },
        { "sm", "[\"q\"]", null },
        { "sm", "[1]", null },
        { "j", "{\"a\":[1,2,{\"b\":null}]}", "{\"a\":[1,2,{\"b\":null}]}" },
        { "j", "[1,\"two\"]", "[1,\"two\"]" },
        { "j", "42", "42" },
        { "r", "\"aaaaaaaaaaaaaaa\"", null },
        { "r", "\"not an id\"", null },
        { "r", "[\"aaaaaaaaaaaaaaa\"]", null },
    };

    private async Task<string> AllTypesAsync()
    {
        var name = RecordClient.NewName("types");
        await Admin.CreateCollectionAsync(new
        {
            name,
            schema = new object[]
            {
                new { name = "t", type = "text", validation = new { min_length = 2, max_length = 5, pattern = "^[a-z]+$" } },
                new { name = "e", type = "editor" },
                new { name = "n", type = "number", validation = new { min = 0, max = 10 } },
                new { name = "b", type = "bool" },
                new { name = "m", type = "email" },
                new { name = "u", type = "url" },
                new { name = "d", type = "date" },
                new { name = "dt", type = "datetime" },
                new { name = "s", type = "select", options = new { values = new[] { "x", "y" } } },
                new { name = "sm", type = "select", options = new { values = new[] { "x", "y", "z" }, max_select = 2 } },
                new { name = "j", type = "json" },
                new { name = "r", type = "relation", options = new { collection = "users" } },
                new { name = "ad", type = "autodate" },
                new { name = "ac", type = "autodate", options = new { on_update = false } },
                new { name = "req", type = "text", validation = new { required = true } },
                new { name = "uq", type = "text", validation = new { unique = true } },
                new { name = "def", type = "number", @default = 7 },
            },
            list_rule = "",
            view_rule = "",
        });
        return name;
    }

    [Theory]
    [MemberData(nameof(Values))]
    public async Task Create_FieldValue_IsStoredOrRefused(string field, string submitted, string? stored)
    {
        var name = await AllTypesAsync();
        var data = new JsonObject { ["req"] = "present", [field] = JsonNode.Parse(submitted) };
        var response = await Admin.PostJsonAsync($"/api/v1/collections/{name}/records", new JsonObject { ["data"] = data });
        if (stored is null)
        {
            var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
            Assert.NotNull(problem["errors"]![field]);
            Assert.Equal(0, await Admin.TotalAsync(name));
            return;
        }

        var created = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(stored), created.Data()[field]), $"{field}: returned {created.Data()[field]?.ToJsonString()}");
        var read = await (await Admin.GetAsync($"/api/v1/collections/{name}/records/{created.Id()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(stored), read.Data()[field]), $"{field}: stored {read.Data()[field]?.ToJsonString()}");
    }

    [Fact]
    public async Task Create_RequiredUniqueDefaultRelationAndUnknownFields()
    {
        var name = await AllTypesAsync();
        var missing = await (await Admin.PostRecordAsync(name, new { t = "ab" })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(missing["errors"]!["req"]);
        var empty = await (await Admin.PostRecordAsync(name, new { req = "" })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(empty["errors"]!["req"]);
        var unknown = await (await Admin.PostRecordAsync(name, new { req = "x", nope = 1 })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(unknown["errors"]!["nope"]);
        var modifier = await (await Admin.PostJsonAsync($"/api/v1/collections/{name}/records",
            new { data = new Dictionary<string, object> { ["req"] = "x", ["n+"] = 1 } })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(modifier["errors"]!["n+"]);

        var first = await Admin.CreateRecordAsync(name, new { req = "x", uq = "same", r = Server.AdminId });
        Assert.Equal(7, first.Data()["def"]!.GetValue<double>());
        Assert.Equal(Server.AdminId, first.Data()["r"]!.GetValue<string>());
        var duplicate = await (await Admin.PostRecordAsync(name, new { req = "x", uq = "same" })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(duplicate["errors"]!["uq"]);
        var overridden = await Admin.CreateRecordAsync(name, new { req = "x", def = 1 });
        Assert.Equal(1, overridden.Data()["def"]!.GetValue<double>());
        Assert.Equal(2, await Admin.TotalAsync(name));
    }

    [Fact]
    public async Task Autodate_IsSetByTheServer()
    {
        var name = await AllTypesAsync();
        var created = await Admin.CreateRecordAsync(name, new { req = "x", ad = "2000-01-01T00:00:00Z" });
        var ad = created.Data()["ad"]!.GetValue<DateTimeOffset>();
        var ac = created.Data()["ac"]!.GetValue<DateTimeOffset>();
        Assert.True(ad > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Equal(ad, ac);

        await Task.Delay(20);
        var updated = await (await Admin.PatchRecordAsync(name, created.Id(), new { req = "y" })).ExpectAsync(HttpStatusCode.OK);
        Assert.True(updated.Data()["ad"]!.GetValue<DateTimeOffset>() > ad);
        Assert.Equal(ac, updated.Data()["ac"]!.GetValue<DateTimeOffset>());
        Assert.Equal(created["created"]!.ToString(), updated["created"]!.ToString());
        Assert.NotEqual(created["updated"]!.ToString(), updated["updated"]!.ToString());
    }

    [Fact]
    public async Task Update_ValidatesChangedFieldsAndAppliesModifiersAtomically()
    {
        var name = await AllTypesAsync();
        var id = (await Admin.CreateRecordAsync(name, new { req = "x", n = 1, t = "abc" })).Id();

        var bad = await (await Admin.PatchRecordAsync(name, id, new { n = 50, req = (string?)null })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(bad["errors"]!["n"]);
        Assert.NotNull(bad["errors"]!["req"]);
        var notNumber = await (await Admin.PatchJsonAsync($"/api/v1/collections/{name}/records/{id}",
            new { data = new Dictionary<string, object> { ["t+"] = 1 } })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(notNumber["errors"]!["t+"]);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
            await (await Admin.PatchJsonAsync($"/api/v1/collections/{name}/records/{id}",
                new { data = new Dictionary<string, object> { ["n+"] = 1 } })).ExpectAsync(HttpStatusCode.OK)));
        var afterIncrements = await (await Admin.GetAsync($"/api/v1/collections/{name}/records/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(9, afterIncrements.Data()["n"]!.GetValue<double>());

        var decremented = await (await Admin.PatchJsonAsync($"/api/v1/collections/{name}/records/{id}",
            new { data = new Dictionary<string, object> { ["n-"] = 4, ["t"] = "xyz" } })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(5, decremented.Data()["n"]!.GetValue<double>());
        Assert.Equal("xyz", decremented.Data()["t"]!.GetValue<string>());
        var tooHigh = await (await Admin.PatchJsonAsync($"/api/v1/collections/{name}/records/{id}",
            new { data = new Dictionary<string, object> { ["n+"] = 6 } })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(tooHigh["errors"]!["n"]);
        var unchanged = await (await Admin.GetAsync($"/api/v1/collections/{name}/records/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(5, unchanged.Data()["n"]!.GetValue<double>());
    }

    [Fact]
    public async Task Batch_CreatesAllOrNothing()
    {
        var name = await AllTypesAsync();
        var ok = await (await Admin.PostJsonAsync($"/api/v1/collections/{name}/records/batch",
            new { records = Enumerable.Range(0, 3).Select(i => new { req = $"r{i}", n = i }).ToArray() })).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(3, ok["created"]!.GetValue<int>());
        Assert.Equal(3, ok["records"]!.AsArray().Count);

        var bad = await (await Admin.PostJsonAsync($"/api/v1/collections/{name}/records/batch",
            new { records = new object[] { new { req = "fine" }, new { req = "x", n = 99 } } })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(bad["errors"]!["records[1].n"]);
        var uniqueClash = await (await Admin.PostJsonAsync($"/api/v1/collections/{name}/records/batch",
            new { records = new object[] { new { req = "a", uq = "dup" }, new { req = "b", uq = "dup" } } })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(uniqueClash["errors"]!["records[1].uq"]);
        await (await Admin.PostJsonAsync($"/api/v1/collections/{name}/records/batch",
            new { records = Enumerable.Range(0, 101).Select(i => new { req = "x" }).ToArray() })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(3, await Admin.TotalAsync(name));
    }

    [Fact]
    public async Task Create_MissingOrMalformedBody_Returns400()
    {
        var name = await AllTypesAsync();
        await (await Admin.PostJsonAsync($"/api/v1/collections/{name}/records", new { })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await Admin.PostRawAsync($"/api/v1/collections/{name}/records", "{\"data\": [1]}")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await Admin.PostRawAsync($"/api/v1/collections/{name}/records", "{\"data\": ")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await Admin.PostRecordAsync(RecordClient.NewName("missing"), new { req = "x" })).ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}

public sealed class FieldValidationTestsSqlite(SqliteServer server) : FieldValidationTests(server), IClassFixture<SqliteServer>;

public sealed class FieldValidationTestsPostgres(PostgresServer server) : FieldValidationTests(server), IClassFixture<PostgresServer>;
