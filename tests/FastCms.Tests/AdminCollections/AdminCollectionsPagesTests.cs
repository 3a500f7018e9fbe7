using System.Net;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.Records;

namespace FastCms.Tests.AdminCollections;

public abstract class AdminCollectionsPagesTests(ServerFixture server) : ServerTests(server)
{
    private Task<AdminClient> SignInAsync() => AdminClient.SignInAsync(Server.Factory, Server.AdminEmail, ServerFixture.AdminPassword);

    [Fact]
    public async Task CreateForm_FieldsOptionsAndRules_CreateTheCollection()
    {
        var name = RecordClient.NewName("books");
        var admin = await SignInAsync();

        var response = await admin.SubmitAsync("/admin/collections/create", new()
        {
            ["name"] = name,
            ["schema[0].name"] = "title", ["schema[0].type"] = "text", ["schema[0].validation.required"] = "true", ["schema[0].validation.max_length"] = "100",
            ["schema[1].name"] = "views", ["schema[1].type"] = "number", ["schema[1].validation.min"] = "0",
            ["schema[2].name"] = "status", ["schema[2].type"] = "select", ["schema[2].options.values"] = "draft, live", ["schema[2].options.max_select"] = "1",
            ["schema[3].name"] = "", ["schema[3].type"] = "text",
            ["list_rule_mode"] = "public", ["list_rule"] = "",
            ["view_rule_mode"] = "admins", ["view_rule"] = "ignored",
            ["create_rule_mode"] = "rule", ["create_rule"] = "@request.auth.id != \"\"",
            ["update_rule_mode"] = "admins", ["delete_rule_mode"] = "admins",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/admin/collections/{name}", response.Headers.Location!.OriginalString);
        var collection = await (await Admin.GetAsync($"/api/v1/collections/name/{name}")).ExpectAsync(HttpStatusCode.OK);
        var schema = collection["schema"]!.AsArray();
        Assert.Equal(["title", "views", "status"], schema.Select(f => f!["name"]!.GetValue<string>()));
        Assert.True(schema[0]!["validation"]!["required"]!.GetValue<bool>());
        Assert.Equal(100, schema[0]!["validation"]!["max_length"]!.GetValue<int>());
        Assert.Equal(0, schema[1]!["validation"]!["min"]!.GetValue<double>());
        Assert.Equal("""["draft","live"]""", schema[2]!["options"]!["values"]!.ToJsonString());
        Assert.Equal("", collection["list_rule"]!.GetValue<string>());
        Assert.Null(collection["view_rule"]);
        Assert.Equal("@request.auth.id != \"\"", collection["create_rule"]!.GetValue<string>());
        Assert.Contains($"Collection {name} was created.", await admin.GetPageAsync($"/admin/collections/{name}"));
    }

    [Fact]
    public async Task CreateForm_InvalidDefinition_ShowsTheServiceErrorsAtTheirInputsAndCreatesNothing()
    {
        var admin = await SignInAsync();
        var response = await admin.SubmitAsync("/admin/collections/create", new()
        {
            ["name"] = "select",
            ["schema[0].name"] = "id", ["schema[0].type"] = "text",
            ["schema[1].name"] = "remove_me", ["schema[1].type"] = "text", ["schema[1].remove"] = "true",
            ["schema[2].name"] = "status", ["schema[2].type"] = "select",
            ["schema[3].name"] = "views", ["schema[3].type"] = "number", ["schema[3].validation.min"] = "lots",
            ["list_rule_mode"] = "rule", ["list_rule"] = "title ==",
        });
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Must be a number.", html);

        response = await admin.SubmitAsync("/admin/collections/create", new()
        {
            ["name"] = "select",
            ["schema[0].name"] = "id", ["schema[0].type"] = "text",
            ["schema[1].name"] = "remove_me", ["schema[1].type"] = "text", ["schema[1].remove"] = "true",
            ["schema[2].name"] = "status", ["schema[2].type"] = "select",
            ["list_rule_mode"] = "rule", ["list_rule"] = "title ==",
        });
        html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Nothing was saved.", html);
        Assert.Matches("<p class=\"field-error\" id=\"error-name\">.*&#x27;select&#x27; is an SQL keyword.", html);
        Assert.Matches("<p class=\"field-error\" id=\"error-schema-0--name\">.*&#x27;id&#x27; is a system field", html);
        Assert.Matches("<p class=\"field-error\" id=\"error-schema-2--options-values\">.*A select field needs a list of distinct, non-empty values.", html);
        Assert.Matches("<p class=\"field-error\" id=\"error-list-rule\">", html);
        Assert.Matches("id=\"field-2-name\" name=\"schema\\[2\\].name\" type=\"text\" value=\"status\"", html);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync("/api/v1/collections/name/select")).StatusCode);
    }

    [Fact]
    public async Task CreateForm_Defaults_AreReadPerTypeAndCheckedAtTheirInputs()
    {
        var name = RecordClient.NewName("defaults");
        var admin = await SignInAsync();
        Dictionary<string, string> Form(string views, string status) => new()
        {
            ["name"] = name,
            ["schema[0].name"] = "views", ["schema[0].type"] = "number", ["schema[0].default"] = views,
            ["schema[1].name"] = "status", ["schema[1].type"] = "select", ["schema[1].options.values"] = "draft, live", ["schema[1].default"] = status,
            ["schema[2].name"] = "tags", ["schema[2].type"] = "select", ["schema[2].options.values"] = "a, b, c", ["schema[2].options.max_select"] = "2", ["schema[2].default"] = "a, b",
            ["schema[3].name"] = "live", ["schema[3].type"] = "bool", ["schema[3].default"] = "true",
            ["schema[4].name"] = "meta", ["schema[4].type"] = "json", ["schema[4].default"] = "{\"x\": [1, 2]}",
            ["schema[5].name"] = "note", ["schema[5].type"] = "text", ["schema[5].default"] = " as typed ",
            ["list_rule_mode"] = "admins", ["view_rule_mode"] = "admins", ["create_rule_mode"] = "admins", ["update_rule_mode"] = "admins", ["delete_rule_mode"] = "admins",
        };

        var refused = await admin.SubmitAsync("/admin/collections/create", Form("lots", "live"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Matches("<p class=\"field-error\" id=\"error-schema-0--default\">.*Must be a number.", await refused.Content.ReadAsStringAsync());
        refused = await admin.SubmitAsync("/admin/collections/create", Form("5", "gone"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Matches("<p class=\"field-error\" id=\"error-schema-1--default\">.*&#x27;gone&#x27; is not one of", await refused.Content.ReadAsStringAsync());

        var created = await admin.SubmitAsync("/admin/collections/create", Form("5", "live"));

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var schema = (await (await Admin.GetAsync($"/api/v1/collections/name/{name}")).ExpectAsync(HttpStatusCode.OK))["schema"]!.AsArray();
        Assert.Equal(["5", "\"live\"", """["a","b"]""", "true", """{"x":[1,2]}""", "\" as typed \""], schema.Select(f => f!["default"]!.ToJsonString()));
        var edit = await admin.GetPageAsync($"/admin/collections/{name}/edit");
        Assert.Contains("name=\"schema[2].default\" type=\"text\" value=\"a, b\"", edit);
        Assert.Contains("name=\"schema[4].default\" type=\"text\" value=\"{&quot;x&quot;:[1,2]}\"", edit);
    }

    [Fact]
    public async Task CreateForm_NameTaken_SaysSoAtTheName()
    {
        var name = RecordClient.NewName("taken");
        await Admin.CreateCollectionAsync(new { name, schema = new[] { new { name = "title", type = "text" } } });

        var response = await (await SignInAsync()).SubmitAsync("/admin/collections/create", new() { ["name"] = name, ["schema[0].name"] = "title", ["schema[0].type"] = "text" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Matches($"<p class=\"field-error\" id=\"error-name\">.*A collection named &#x27;{name}&#x27; already exists.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AddField_ShowsAnotherRowAndSavesNothing()
    {
        var name = RecordClient.NewName("draft");
        var response = await (await SignInAsync()).SubmitAsync("/admin/collections/create?handler=AddField",
            new() { ["name"] = name, ["schema[0].name"] = "title", ["schema[0].type"] = "text" }, formPage: "/admin/collections/create");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("value=\"title\"", html);
        Assert.Matches("id=\"field-1-name\" name=\"schema\\[1\\].name\" type=\"text\" value=\"\"[^>]*autofocus", html);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync($"/api/v1/collections/name/{name}")).StatusCode);
    }

    [Fact]
    public async Task EditForm_RenameOneFieldAndRemoveAnother_KeepsTheRenamedData()
    {
        var name = RecordClient.NewName("edit");
        var created = await Admin.CreateCollectionAsync(new { name, schema = new object[] { new { name = "title", type = "text" }, new { name = "notes", type = "text" } } });
        await Admin.CreateRecordAsync(name, new { title = "kept", notes = "dropped" });
        var titleId = created["schema"]![0]!["id"]!.GetValue<string>();
        var notesId = created["schema"]![1]!["id"]!.GetValue<string>();
        var admin = await SignInAsync();
        Assert.Contains($"name=\"schema[0].id\" value=\"{titleId}\"", await admin.GetPageAsync($"/admin/collections/{name}/edit"));

        var response = await admin.SubmitAsync($"/admin/collections/{name}/edit", new()
        {
            ["name"] = name,
            ["schema[0].id"] = titleId, ["schema[0].name"] = "headline", ["schema[0].type"] = "text",
            ["schema[1].id"] = notesId, ["schema[1].name"] = "notes", ["schema[1].type"] = "text", ["schema[1].remove"] = "true",
            ["schema[1].remove_confirm"] = "notes",
            ["list_rule_mode"] = "admins",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var records = await Admin.ListAsync(name);
        var data = records["items"]![0]!.Data();
        Assert.Equal("kept", data["headline"]!.GetValue<string>());
        Assert.Null(data["notes"]);
    }

    [Fact]
    public async Task EditForm_DisplayField_ChosenFollowsARenameRefusedWhenHiddenAndCleared()
    {
        var name = RecordClient.NewName("shown");
        var created = await Admin.CreateCollectionAsync(new
        {
            name,
            schema = new object[]
            {
                new { name = "title", type = "text" }, new { name = "code", type = "text" }, new { name = "body", type = "json" },
                new { name = "secret", type = "text", hidden = true },
            },
        });
        var ids = created["schema"]!.AsArray().Select(f => f!["id"]!.GetValue<string>()).ToArray();
        var admin = await SignInAsync();
        static string Choices(string page) =>
            System.Text.RegularExpressions.Regex.Match(page, "<select id=\"collection-display-field\".*?</select>", System.Text.RegularExpressions.RegexOptions.Singleline).Value;
        var choices = Choices(await admin.GetPageAsync($"/admin/collections/{name}/edit"));
        // Only visible fields of a type that can name a record are offered; the automatic choice is selected.
        Assert.Contains("<option value=\"\" selected=\"selected\">Automatic", choices);
        Assert.Contains($"<option value=\"{ids[0]}\">title</option>", choices);
        Assert.Contains($"<option value=\"{ids[1]}\">code</option>", choices);
        Assert.DoesNotContain($"<option value=\"{ids[2]}\"", choices);
        Assert.DoesNotContain($"<option value=\"{ids[3]}\"", choices);

        Dictionary<string, string> Form(string codeName, string display) =>
            new()
            {
                ["name"] = name,
                ["schema[0].id"] = ids[0], ["schema[0].name"] = "title", ["schema[0].type"] = "text",
                ["schema[1].id"] = ids[1], ["schema[1].name"] = codeName, ["schema[1].type"] = "text",
                ["schema[2].id"] = ids[2], ["schema[2].name"] = "body", ["schema[2].type"] = "json",
                ["schema[3].id"] = ids[3], ["schema[3].name"] = "secret", ["schema[3].type"] = "text", ["schema[3].hidden"] = "true",
                ["list_rule_mode"] = "admins", ["display_field"] = display,
            };

        // Chosen by the stored field's id, so renaming that field in the same save keeps the choice.
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitAsync($"/admin/collections/{name}/edit", Form("sku", ids[1]))).StatusCode);
        var collection = await (await Admin.GetAsync($"/api/v1/collections/name/{name}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("sku", collection["display_field"]!.GetValue<string>());
        Assert.Contains($"<option value=\"{ids[1]}\" selected=\"selected\">sku</option>", Choices(await admin.GetPageAsync($"/admin/collections/{name}/edit")));

        // A field name the service refuses is said at the input, and nothing changes.
        var refused = await admin.SubmitAsync($"/admin/collections/{name}/edit", Form("sku", "secret"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Matches("<p class=\"field-error\" id=\"error-display-field\"><i [^>]*></i> Must name a field that is not hidden", await refused.Content.ReadAsStringAsync());
        collection = await (await Admin.GetAsync($"/api/v1/collections/name/{name}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("sku", collection["display_field"]!.GetValue<string>());

        // The automatic choice clears it.
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitAsync($"/admin/collections/{name}/edit", Form("sku", ""))).StatusCode);
        collection = await (await Admin.GetAsync($"/api/v1/collections/name/{name}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Null(collection["display_field"]);
    }

    [Fact]
    public async Task EditForm_RemoveWithoutTypingTheName_IsRefusedAndKeepsTheData()
    {
        var name = RecordClient.NewName("edit");
        var created = await Admin.CreateCollectionAsync(new { name, schema = new object[] { new { name = "notes", type = "text" } } });
        await Admin.CreateRecordAsync(name, new { notes = "kept" });
        var notesId = created["schema"]![0]!["id"]!.GetValue<string>();
        var admin = await SignInAsync();

        foreach (var typed in new[] { "", "Notes" })
        {
            var response = await admin.SubmitAsync($"/admin/collections/{name}/edit", new()
            {
                ["name"] = name,
                ["schema[0].id"] = notesId, ["schema[0].name"] = "notes", ["schema[0].type"] = "text", ["schema[0].remove"] = "true",
                ["schema[0].remove_confirm"] = typed, ["list_rule_mode"] = "admins",
            });

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("Type &quot;notes&quot; to confirm that this field and all its data are removed.", await response.Content.ReadAsStringAsync());
        }

        Assert.Equal("kept", (await Admin.ListAsync(name))["items"]![0]!.Data()["notes"]!.GetValue<string>());
    }

    [Fact]
    public async Task EditForm_FileField_KeepsItsTypeAndOptions()
    {
        var name = RecordClient.NewName("files");
        var created = await Admin.CreateCollectionAsync(new
        {
            name,
            schema = new object[] { new { name = "gallery", type = "file", options = new { max_select = 3, max_size = 4096, mime_types = new[] { "image/*" }, thumbs = new[] { "50x50" }, @protected = true } } },
        });
        var galleryId = created["schema"]![0]!["id"]!.GetValue<string>();
        var admin = await SignInAsync();
        var page = await admin.GetPageAsync($"/admin/collections/{name}/edit");
        Assert.Contains("<option value=\"file\" selected=\"selected\">file</option>", page);

        var response = await admin.SubmitAsync($"/admin/collections/{name}/edit", new()
        {
            ["name"] = name,
            ["schema[0].id"] = galleryId, ["schema[0].name"] = "photos", ["schema[0].type"] = "file", ["schema[0].options.max_select"] = "3",
            ["list_rule_mode"] = "admins",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var options = (await (await Admin.GetAsync($"/api/v1/collections/{created.Id()}")).ExpectAsync(HttpStatusCode.OK))["schema"]![0]!["options"]!;
        Assert.Equal((3, 4096L, true), (options["max_select"]!.GetValue<int>(), options["max_size"]!.GetValue<long>(), options["protected"]!.GetValue<bool>()));
        Assert.Equal(["50x50"], options["thumbs"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public async Task EditForm_TypeChange_IsRefusedWithTheServiceMessage()
    {
        var name = RecordClient.NewName("retype");
        var created = await Admin.CreateCollectionAsync(new { name, schema = new[] { new { name = "title", type = "text" } } });

        var response = await (await SignInAsync()).SubmitAsync($"/admin/collections/{name}/edit", new()
        {
            ["name"] = name,
            ["schema[0].id"] = created["schema"]![0]!["id"]!.GetValue<string>(), ["schema[0].name"] = "title", ["schema[0].type"] = "number",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Matches("id=\"error-schema-0--type\">.*Cannot change &#x27;title&#x27; from text to number", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task DeletePage_ReferencedCollection_IsRefusedThenDeletedOnceFree()
    {
        var target = RecordClient.NewName("target");
        var owner = RecordClient.NewName("owner");
        await Admin.CreateCollectionAsync(new { name = target, schema = new[] { new { name = "title", type = "text" } } });
        await Admin.CreateCollectionAsync(new { name = owner, schema = new[] { new { name = "link", type = "relation", options = new { collection = target } } } });
        var admin = await SignInAsync();

        var refused = await admin.SubmitAsync($"/admin/collections/{target}/delete", []);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains($"{owner}.link", await refused.Content.ReadAsStringAsync());

        await (await Admin.DeleteAsync($"/api/v1/collections/{owner}")).ExpectAsync(HttpStatusCode.NoContent);
        var deleted = await admin.SubmitAsync($"/admin/collections/{target}/delete", []);
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync($"/api/v1/collections/name/{target}")).StatusCode);
    }

    [Fact]
    public async Task Forms_PostWithoutAntiforgeryToken_AreRefusedAndChangeNothing()
    {
        var name = RecordClient.NewName("csrf");
        await Admin.CreateCollectionAsync(new { name, schema = new[] { new { name = "title", type = "text" } } });
        var admin = await SignInAsync();

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync("/admin/collections/create", new() { ["name"] = name + "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync($"/admin/collections/{name}/delete", [])).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync($"/admin/collections/{name}/records/new", new() { ["data.title"] = "forged" })).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync($"/api/v1/collections/name/{name}x")).StatusCode);
        Assert.Equal(0, await Admin.TotalAsync(name));
    }

    [Fact]
    public async Task ListPage_ShowsCollectionsWithRecordCountsAndDashboardCards()
    {
        var name = RecordClient.NewName("listed");
        await Admin.CreateCollectionAsync(new { name, schema = new[] { new { name = "title", type = "text" } }, list_rule = "" });
        await Admin.CreateRecordAsync(name, new { title = "one" });
        await Admin.CreateRecordAsync(name, new { title = "two" });
        var admin = await SignInAsync();

        var html = await admin.GetPageAsync("/admin/collections");
        Assert.Matches($"<a href=\"/admin/collections/{name}\">{name}</a></td>\\s*<td data-label=\"Records\" class=\"numeric\">2</td>", html);
        Assert.Contains("anyone / admins / admins / admins / admins", html);

        var dashboard = await admin.GetPageAsync("/admin");
        Assert.Matches("<span class=\"stat-value\">[1-9][\\d,]*</span>\\s*<a class=\"stat-label\" href=\"/admin/collections\">Collections</a>", dashboard);
        Assert.Matches("<span class=\"stat-value\">[1-9][\\d,]*</span>\\s*<a class=\"stat-label\" href=\"/admin/collections\">Records</a>", dashboard);
    }
}

public sealed class AdminCollectionsPagesTestsSqlite(SqliteServer<AdminCollectionsSetup> server) : AdminCollectionsPagesTests(server), IClassFixture<SqliteServer<AdminCollectionsSetup>>;

public sealed class AdminCollectionsPagesTestsPostgres(PostgresServer<AdminCollectionsSetup> server) : AdminCollectionsPagesTests(server), IClassFixture<PostgresServer<AdminCollectionsSetup>>;
