using System.Net;
using System.Text.Json.Nodes;
using FastCms.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FastCms.Tests.Browser;

/// <summary>
/// Field defaults and options in the collection editor and the new-record form, in headless Chromium: what the API
/// set up survives the editor, and the form stores what the API stores.
/// </summary>
public sealed class FieldDefaultsBrowserTests
{
    [Fact]
    public async Task CollectionEditor_UnchangedSave_KeepsDefaultsValidationAndRelationOptions()
    {
        Chromium.SkipUnlessInstalled();
        await using var host = await KestrelHost.StartAsync("sqlite");
        using var api = await SetUpAsync(host);
        var before = await (await api.GetAsync("/api/v1/collections/name/books")).ExpectAsync(HttpStatusCode.OK);

        await BrowserSession.RunAsync(async session =>
        {
            var desktop = await AdminSession.SignInAsync(session, host);
            var page = desktop.Page;
            await page.GotoAsync("/admin/collections/books/edit");
            await Expect(page.Locator("#field-row-0").GetByLabel("Default value")).ToHaveValueAsync("Untitled");
            await Expect(page.Locator("#field-row-2").GetByLabel("Default value")).ToHaveValueAsync("true");
            await desktop.ScreenshotAsync("18-collection-defaults");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save collection" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Collection books was saved.");
        });

        var after = await (await api.GetAsync("/api/v1/collections/name/books")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(WithoutKeys(before, "updated"), WithoutKeys(after, "updated"));
    }

    [Fact]
    public async Task NewRecordForm_SubmittedUnchanged_StoresWhatTheApiStoresForEmptyData()
    {
        Chromium.SkipUnlessInstalled();
        await using var host = await KestrelHost.StartAsync("sqlite");
        using var api = await SetUpAsync(host);
        var created = await (await api.PostJsonAsync("/api/v1/collections/books/records", new { data = new { } })).ExpectAsync(HttpStatusCode.Created);
        var fromApi = await (await api.GetAsync($"/api/v1/collections/books/records/{created["id"]}")).ExpectAsync(HttpStatusCode.OK);
        Assert.True(fromApi["data"]!["in_print"]!.GetValue<bool>());

        var formUrl = "";
        await BrowserSession.RunAsync(async session =>
        {
            var desktop = await AdminSession.SignInAsync(session, host);
            var page = desktop.Page;
            await page.GotoAsync("/admin/collections/books/records/new");
            await Expect(page.GetByLabel("in_print")).ToBeCheckedAsync();
            await Expect(page.GetByLabel("pages")).ToHaveValueAsync("100");
            await Expect(page.GetByLabel("format", new() { Exact = true })).ToHaveValueAsync("paperback");
            await page.GetByRole(AriaRole.Button, new() { Name = "Create record" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("was created.");
            formUrl = page.Url;
        });

        var id = formUrl[(formUrl.LastIndexOf('/') + 1)..];
        var fromForm = await (await api.GetAsync($"/api/v1/collections/books/records/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(WithoutKeys(fromApi["data"]!, "stamped"), WithoutKeys(fromForm["data"]!, "stamped"));
        var secrets = await (await api.GetAsync($"/api/v1/collections/books/records?filter={Uri.EscapeDataString("secret = 's3cret'")}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, secrets["items"]!.AsArray().Count);
    }

    // The first admin, and the collections "authors" and "books" with a default, options and checks on every kind of field.
    private static async Task<HttpClient> SetUpAsync(KestrelHost host)
    {
        var client = await AdminSession.SetUpAsync(host);
        await (await client.PostJsonAsync("/api/v1/collections", new { name = "authors", schema = new object[] { new { name = "name", type = "text" } } }))
            .ExpectAsync(HttpStatusCode.Created);
        await (await client.PostJsonAsync("/api/v1/collections", new
        {
            name = "books",
            schema = new object[]
            {
                new { name = "title", type = "text", @default = "Untitled", validation = new { required = true, min_length = 2, max_length = 80, pattern = "^[A-Z]" } },
                new { name = "pages", type = "number", @default = 100, validation = new { min = 1, max = 5000 } },
                new { name = "in_print", type = "bool", @default = true },
                new { name = "format", type = "select", @default = "paperback", options = new { values = new[] { "hardcover", "paperback", "ebook" } } },
                new { name = "genres", type = "select", @default = new[] { "novel", "crime" }, options = new { values = new[] { "novel", "crime", "poetry" }, max_select = 2 } },
                new { name = "meta", type = "json", @default = new { shelf = "A1", tags = new[] { 1, 2 } } },
                new { name = "released", type = "date", @default = "2024-05-31" },
                new { name = "price", type = "number", @default = 12.5 },
                new { name = "subtitle", type = "text" },
                new { name = "author", type = "relation", options = new { collection = "authors", cascade_delete = "set_null" } },
                new { name = "editors", type = "relation", options = new { collection = "authors", max_select = 3, cascade_delete = "cascade" } },
                new { name = "secret", type = "text", hidden = true, @default = "s3cret" },
                new { name = "stamped", type = "autodate", options = new { on_create = true, on_update = false } },
                new { name = "body", type = "editor", options = new { keep_html = true }, validation = new { max_length = 5000 } },
                new { name = "summary", type = "editor", validation = new { min_length = 1 } },
                new { name = "contact", type = "email", validation = new { unique = true } },
                new { name = "site", type = "url", @default = "https://example.com/" },
                new { name = "published_at", type = "datetime", @default = "2024-05-31T10:00:00.000Z" },
                new { name = "cover", type = "file", options = new { max_select = 2, max_size = 50_000, mime_types = new[] { "image/png" }, thumbs = new[] { "50x50" }, @protected = true } },
            },
            indexes = new object[] { new { fields = new[] { "title" }, unique = false } },
            display_field = "subtitle",
            list_rule = "",
            view_rule = "@request.auth.id != \"\"",
            create_rule = "@request.auth.id != \"\"",
            update_rule = "",
        })).ExpectAsync(HttpStatusCode.Created);
        return client;
    }

    private static string WithoutKeys(JsonNode node, params string[] keys)
    {
        var copy = node.DeepClone().AsObject();
        foreach (var key in keys)
        {
            copy.Remove(key);
        }

        return copy.ToJsonString();
    }
}
