using System.Net;
using System.Text.Json.Nodes;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.Records;

namespace FastCms.Tests.AdminCollections;

/// <summary>The collection editor's rows and indexes as plain HTML forms, without JavaScript.</summary>
public abstract class AdminSchemaEditorPagesTests(ServerFixture server) : ServerTests(server)
{
    private Task<AdminClient> SignInAsync() => AdminClient.SignInAsync(Server.Factory, Server.AdminEmail, ServerFixture.AdminPassword);

    [Fact]
    public async Task EditForm_NewRowWithoutName_IsAnErrorAtItsNameAndSavesNothing()
    {
        string[] fields = ["title", "body"];
        var (name, ids) = await CreateAsync(fields);
        var admin = await SignInAsync();

        var response = await admin.SubmitAsync($"/admin/collections/{name}/edit", new(Rows(name, ids, fields))
        {
            ["schema[2].name"] = "", ["schema[2].type"] = "number",
            ["schema[3].name"] = "", ["schema[3].type"] = "text", ["schema[3].options.on_create"] = "true", ["schema[3].options.cascade_delete"] = "restrict",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Matches("name=\"schema\\[2\\].name\"[^>]*aria-describedby=\"error-schema-2--name\"[^>]*aria-invalid=\"true\"", html);
        Assert.Contains("<p class=\"field-error\" id=\"error-schema-2--name\"><i class=\"fa-solid fa-circle-exclamation\" aria-hidden=\"true\"></i> A new field needs a name.", html);
        Assert.DoesNotContain("error-schema-3--name", html); // a row left as "Add a field" gave it is no error, and is left out
        Assert.Equal(["title", "body"], await FieldNamesAsync(name));
    }

    [Fact]
    public async Task EditForm_PostedRowOrder_BecomesTheApiFieldOrder()
    {
        string[] fields = ["a", "b", "c"];
        var (name, ids) = await CreateAsync(fields);
        var admin = await SignInAsync();
        var rows = Rows(name, ids, fields);
        var token = AdminClient.FormToken(await admin.GetPageAsync($"/admin/collections/{name}/edit"));
        var body = rows.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))
            .Concat([new("order", "2"), new("order", "0"), new("order", "1"), new("__RequestVerificationToken", token)]);

        var response = await admin.Http.PostAsync($"/admin/collections/{name}/edit", new FormUrlEncodedContent(body));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(["c", "a", "b"], await FieldNamesAsync(name));
        Assert.Equal([ids[2], ids[0], ids[1]], (await CollectionAsync(name))["schema"]!.AsArray().Select(f => f!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task MoveButton_WithoutJavaScript_ShowsTheRowMovedAndSavesNothing()
    {
        string[] fields = ["a", "b"];
        var (name, ids) = await CreateAsync(fields);
        var admin = await SignInAsync();

        var response = await admin.SubmitAsync($"/admin/collections/{name}/edit?handler=Move", new(Rows(name, ids, fields)) { ["move"] = "0:down" },
            formPage: $"/admin/collections/{name}/edit");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains($"name=\"schema[0].id\" value=\"{ids[1]}\"", html);
        Assert.Contains("id=\"field-0-name\" name=\"schema[0].name\" type=\"text\" value=\"b\"", html);
        Assert.Matches("value=\"1:down\"\\s+id=\"field-1-move-down\" data-move=\"down\" autofocus=\"autofocus\"", html);
        Assert.Equal(["a", "b"], await FieldNamesAsync(name));
    }

    [Fact]
    public async Task EditForm_AddAndRemoveIndexes_ChangesTheApiIndexes()
    {
        var name = RecordClient.NewName("indexed");
        var created = await Admin.CreateCollectionAsync(new
        {
            name, schema = new object[] { new { name = "title", type = "text" }, new { name = "slug", type = "text" } },
            indexes = new object[] { new { fields = new[] { "title" } } },
        });
        string[] fields = ["title", "slug"];
        string[] ids = [.. created["schema"]!.AsArray().Select(f => f!["id"]!.GetValue<string>())];
        var indexName = created["indexes"]![0]!["name"]!.GetValue<string>();
        var admin = await SignInAsync();
        var page = await admin.GetPageAsync($"/admin/collections/{name}/edit");
        Assert.Contains($"name=\"indexes[0].fields\" value=\"{ids[0]}\"", page);
        Assert.Contains($"<code class=\"index-name\">{indexName}</code>", page);
        Dictionary<string, string> Form(string slot0, string slot1) => new(Rows(name, ids, fields))
        {
            ["indexes_shown"] = "true",
            ["indexes[0].name"] = indexName, ["indexes[0].fields"] = ids[0], ["indexes[0].unique"] = "false", ["indexes[0].remove"] = "true",
            ["new_index.field0"] = slot0, ["new_index.field1"] = slot1, ["new_index.unique"] = "true",
        };

        var refused = await admin.SubmitAsync($"/admin/collections/{name}/edit", Form(ids[1], ids[1]));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("<p class=\"field-error\" id=\"error-new-index-fields\"><i class=\"fa-solid fa-circle-exclamation\" aria-hidden=\"true\"></i> List 1 to 5 distinct field names.", await refused.Content.ReadAsStringAsync());
        Assert.Equal("""[{"fields":["title"],"unique":false,"name":"INDEX"}]""".Replace("INDEX", indexName), (await CollectionAsync(name))["indexes"]!.ToJsonString());

        var saved = await admin.SubmitAsync($"/admin/collections/{name}/edit", Form(ids[1], "created"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var indexes = (await CollectionAsync(name))["indexes"]!.AsArray();
        var index = Assert.Single(indexes)!;
        Assert.Equal("""["slug","created"]""", index["fields"]!.ToJsonString());
        Assert.True(index["unique"]!.GetValue<bool>());
    }

    [Fact]
    public async Task EditForm_UniqueIndexOverDuplicates_IsRefusedAtTheNewIndex()
    {
        string[] fields = ["title"];
        var (name, ids) = await CreateAsync(fields);
        await Admin.CreateRecordAsync(name, new { title = "same" });
        await Admin.CreateRecordAsync(name, new { title = "same" });
        var admin = await SignInAsync();

        var response = await admin.SubmitAsync($"/admin/collections/{name}/edit", new(Rows(name, ids, fields))
        {
            ["indexes_shown"] = "true", ["new_index.field0"] = ids[0], ["new_index.unique"] = "true",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("id=\"error-new-index-fields\"><i class=\"fa-solid fa-circle-exclamation\" aria-hidden=\"true\"></i> Existing records have duplicate values", html);
        Assert.Matches("id=\"new-index-field0\" name=\"new_index.field0\" aria-invalid=\"true\"", html);
        Assert.Empty((await CollectionAsync(name))["indexes"]!.AsArray());
    }

    private async Task<(string Name, string[] Ids)> CreateAsync(string[] fields)
    {
        var name = RecordClient.NewName("rows");
        var created = await Admin.CreateCollectionAsync(new { name, schema = fields.Select(f => new { name = f, type = "text" }).ToArray() });
        return (name, [.. created["schema"]!.AsArray().Select(f => f!["id"]!.GetValue<string>())]);
    }

    // The edit form of a collection of text fields, posted unchanged: the collection's name, one row per field.
    private static Dictionary<string, string> Rows(string name, string[] ids, string[] fields)
    {
        var form = new Dictionary<string, string> { ["name"] = name, ["list_rule_mode"] = "admins" };
        for (var i = 0; i < ids.Length; i++)
        {
            form[$"schema[{i}].id"] = ids[i];
            form[$"schema[{i}].name"] = fields[i];
            form[$"schema[{i}].type"] = "text";
        }

        return form;
    }

    private async Task<JsonNode> CollectionAsync(string name) =>
        await (await Admin.GetAsync($"/api/v1/collections/name/{name}")).ExpectAsync(HttpStatusCode.OK);

    private async Task<List<string>> FieldNamesAsync(string name) =>
        [.. (await CollectionAsync(name))["schema"]!.AsArray().Select(f => f!["name"]!.GetValue<string>())];
}

public sealed class AdminSchemaEditorPagesTestsSqlite(SqliteServer server) : AdminSchemaEditorPagesTests(server), IClassFixture<SqliteServer>;

public sealed class AdminSchemaEditorPagesTestsPostgres(PostgresServer server) : AdminSchemaEditorPagesTests(server), IClassFixture<PostgresServer>;
