using System.Net;
using System.Text.Json.Nodes;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.Records;

namespace FastCms.Tests.AdminCollections;

/// <summary>Editor fields in the admin pages: the form's text area (the editor's fallback) and the list's text.</summary>
public abstract partial class AdminRecordsPagesTests
{
    private async Task<string> PagesAsync()
    {
        var name = RecordClient.NewName("pages");
        await Admin.CreateCollectionAsync(new
        {
            name,
            schema = new object[] { new { name = "title", type = "text" }, new { name = "body", type = "editor" } },
        });
        return name;
    }

    [Fact]
    public async Task RecordForm_EditorHtmlWithScript_IsSavedSanitized()
    {
        var name = await PagesAsync();
        var admin = await SignInAsync();
        var form = await admin.GetPageAsync($"/admin/collections/{name}/records/new");
        Assert.Contains("name=\"data.body\"", form);
        Assert.Contains("name=\"data.body\" rows=\"8\" data-rich-text=\"true\"", form);
        Assert.Contains("/admin/assets/lib/squire/squire.js?v=", form);

        var response = await admin.SubmitAsync($"/admin/collections/{name}/records/new", new()
        {
            ["data.title"] = "t",
            ["data.body"] = "<p>Hi <b>there</b></p><script>alert(1)</script><img src=\"https://example.com/x.png\" onerror=\"alert(2)\">",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var id = RecordPath().Match(response.Headers.Location!.OriginalString).Groups[1].Value;
        var record = await (await Admin.GetAsync($"/api/v1/collections/{name}/records/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("<p>Hi <b>there</b></p><img src=\"https://example.com/x.png\">", record.Data()["body"]!.GetValue<string>());
    }

    [Fact]
    public async Task RecordsList_EditorField_ShowsTextNotMarkup()
    {
        var name = await PagesAsync();
        await Admin.CreateRecordAsync(name, new { title = "t", body = "<h2>Heading</h2><p>Hello <b>world</b></p><ul><li>one</li><li>two</li></ul>" });

        var list = await (await SignInAsync()).GetPageAsync($"/admin/collections/{name}");

        Assert.Matches("<td data-label=\"body\">\\s*Heading Hello world one two\\s*</td>", list);
        Assert.DoesNotContain("&lt;p&gt;", list);
    }

    [Fact]
    public async Task CollectionEditor_KeepHtmlCheckbox_ShowsClearsAndSetsTheOption()
    {
        var name = RecordClient.NewName("pages");
        var created = await Admin.CreateCollectionAsync(new
        {
            name,
            schema = new object[] { new { name = "body", type = "editor", options = new { keep_html = true } } },
        });
        var bodyId = created["schema"]![0]!["id"]!.GetValue<string>();
        var admin = await SignInAsync();
        Assert.Contains("id=\"field-0-options-keep-html\" name=\"schema[0].options.keep_html\" type=\"checkbox\" value=\"true\" checked=\"checked\"", await admin.GetPageAsync($"/admin/collections/{name}/edit"));

        async Task<JsonNode?> SaveAsync(bool keep)
        {
            var fields = new Dictionary<string, string> { ["name"] = name, ["schema[0].id"] = bodyId, ["schema[0].name"] = "body", ["schema[0].type"] = "editor", ["list_rule_mode"] = "admins" };
            if (keep)
            {
                fields["schema[0].options.keep_html"] = "true";
            }

            Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitAsync($"/admin/collections/{name}/edit", fields)).StatusCode);
            return (await (await Admin.GetAsync($"/api/v1/collections/{created.Id()}")).ExpectAsync(HttpStatusCode.OK))["schema"]![0]!["options"]?["keep_html"];
        }

        Assert.Null(await SaveAsync(keep: false));
        Assert.True((await SaveAsync(keep: true))!.GetValue<bool>());
    }
}
