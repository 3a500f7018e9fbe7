using System.Net;
using System.Text.Json.Nodes;
using FastCms.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FastCms.Tests.Browser;

/// <summary>The collection editor's rows and indexes in headless Chromium: added, named, moved and indexed in place.</summary>
public sealed class SchemaEditorRowsBrowserTests
{
    [Fact]
    public async Task AddField_WithJavaScript_AddsARowInPlaceAndANamelessRowIsRefusedAtIt()
    {
        Chromium.SkipUnlessInstalled();
        await using var host = await KestrelHost.StartAsync("sqlite");
        using var api = await SetUpAsync(host, "title", "body");

        await BrowserSession.RunAsync(async session =>
        {
            var page = (await AdminSession.SignInAsync(session, host)).Page;
            await page.GotoAsync("/admin/collections/notes/edit");
            await page.EvaluateAsync("window.stillTheSamePage = true");

            await page.GetByRole(AriaRole.Button, new() { Name = "Add a field" }).ClickAsync();
            var added = page.Locator("[data-field-row]").Nth(2);
            await Expect(added.Locator("legend")).ToHaveTextAsync("Field 3");
            await Expect(added.GetByLabel("Name", new() { Exact = true })).ToBeFocusedAsync();
            Assert.True(await page.EvaluateAsync<bool>("window.stillTheSamePage === true"));

            // The type's options follow the type in the new row as in the others.
            await Expect(added.GetByLabel("Values, separated by commas")).ToBeHiddenAsync();
            await added.GetByLabel("Type").SelectOptionAsync("select");
            await Expect(added.GetByLabel("Values, separated by commas")).ToBeVisibleAsync();
            await added.GetByLabel("Values, separated by commas").FillAsync("red, green");

            // Filled in but without a name: an error at that row's name, and nothing saved.
            await page.GetByRole(AriaRole.Button, new() { Name = "Save collection" }).ClickAsync();
            var name = page.Locator("[data-field-row]").Nth(2).GetByLabel("Name", new() { Exact = true });
            await Expect(name).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(page.Locator("[data-field-row]").Nth(2).Locator(".field-error")).ToContainTextAsync("A new field needs a name.");
            Assert.Equal(["title", "body"], await FieldNamesAsync(api));

            await name.FillAsync("colour");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save collection" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Collection notes was saved.");
        });

        Assert.Equal(["title", "body", "colour"], await FieldNamesAsync(api));
    }

    [Fact]
    public async Task ReorderFields_ByDragAndByMoveButtons_ChangesTheOrderTheApiReturns()
    {
        Chromium.SkipUnlessInstalled();
        await using var host = await KestrelHost.StartAsync("sqlite");
        using var api = await SetUpAsync(host, "a", "b", "c", "d");

        await BrowserSession.RunAsync(async session =>
        {
            // Tall enough for every row: a drag that has to scroll the page is the browser's business, not the editor's.
            var desktop = await AdminSession.SignInAsync(session, host, height: 2400);
            var page = desktop.Page;
            await page.GotoAsync("/admin/collections/notes/edit");
            ILocator Row(string field) => page.Locator("[data-field-row]").Filter(new() { Has = page.Locator($"input[name$='.name'][value='{field}']") });

            // Drag "d" onto "a": it takes the first place.
            await Row("d").Locator("[data-drag-handle]").DragToAsync(Row("a"));
            await Expect(page.Locator("[data-field-row] legend")).ToHaveTextAsync(["Field 1: d", "Field 2: a", "Field 3: b", "Field 4: c"]);

            // Keyboard: focus "Move down" on "a" and press it twice; the focus stays on the button.
            var moveDown = Row("a").GetByRole(AriaRole.Button, new() { Name = "Move down" });
            await moveDown.FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await page.Keyboard.PressAsync("Enter");
            await Expect(moveDown).ToBeFocusedAsync();
            await Row("c").GetByRole(AriaRole.Button, new() { Name = "Move up" }).ClickAsync();
            await Expect(page.Locator("[data-field-row] legend")).ToHaveTextAsync(["Field 1: d", "Field 2: c", "Field 3: b", "Field 4: a"]);
            await desktop.DocScreenshotAsync("admin-field-order", page.Locator(".field-rows"));

            await page.GetByRole(AriaRole.Button, new() { Name = "Save collection" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Collection notes was saved.");
            await Expect(page.Locator("[data-field-row] legend")).ToHaveTextAsync(["Field 1: d", "Field 2: c", "Field 3: b", "Field 4: a"]);
        });

        Assert.Equal(["d", "c", "b", "a"], await FieldNamesAsync(api));
    }

    [Fact]
    public async Task IndexEditor_AddAndRemove_ReachesTheApiAndTheDatabase()
    {
        Chromium.SkipUnlessInstalled();
        await using var host = await KestrelHost.StartAsync("sqlite");
        using var api = await SetUpAsync(host, "title", "slug");
        await (await api.PatchJsonAsync("/api/v1/collections/notes", new { indexes = new object[] { new { fields = new[] { "title" } } } })).ExpectAsync(HttpStatusCode.OK);
        var titleIndex = (await CollectionAsync(api))["indexes"]![0]!["name"]!.GetValue<string>();
        Assert.Contains(titleIndex, await DatabaseIndexesAsync(host));

        await BrowserSession.RunAsync(async session =>
        {
            var desktop = await AdminSession.SignInAsync(session, host);
            var page = desktop.Page;
            await page.GotoAsync("/admin/collections/notes/edit");
            var editor = page.Locator(".index-editor");
            await Expect(editor.Locator(".index-row")).ToHaveTextAsync([new System.Text.RegularExpressions.Regex($"^\\s*title\\s+{titleIndex}")]);

            await editor.GetByLabel("First field").SelectOptionAsync(new SelectOptionValue { Label = "slug" });
            await editor.GetByLabel("Second field (optional)").SelectOptionAsync(new SelectOptionValue { Label = "created" });
            await editor.GetByLabel("Unique").CheckAsync();
            await editor.GetByLabel("Remove the index on title").CheckAsync();
            await desktop.DocScreenshotAsync("admin-collection-indexes", editor);
            await page.GetByRole(AriaRole.Button, new() { Name = "Save collection" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Collection notes was saved.");
            await Expect(editor.Locator(".index-row")).ToHaveCountAsync(1);
            await Expect(editor.Locator(".index-row .index-fields")).ToHaveTextAsync("slug, created");

            var phone = await session.OpenAsync(host.BaseUrl, 390, 844, await desktop.Context.StorageStateAsync());
            await phone.Page.GotoAsync("/admin/collections/notes/edit");
            Assert.True(await phone.EvaluateAsync("document.documentElement.scrollWidth <= window.innerWidth"), "the collection editor scrolls sideways at 390 px");
            await phone.ScreenshotAsync("18-collection-editor-rows");
        });

        var index = Assert.Single((await CollectionAsync(api))["indexes"]!.AsArray())!;
        Assert.Equal("""["slug","created"]""", index["fields"]!.ToJsonString());
        Assert.True(index["unique"]!.GetValue<bool>());
        var inDatabase = await DatabaseIndexesAsync(host);
        Assert.Contains(index["name"]!.GetValue<string>(), inDatabase);
        Assert.DoesNotContain(titleIndex, inDatabase);
    }

    // The first admin and a collection "notes" of text fields.
    private static async Task<HttpClient> SetUpAsync(KestrelHost host, params string[] fields)
    {
        var api = await AdminSession.SetUpAsync(host);
        await (await api.PostJsonAsync("/api/v1/collections", new { name = "notes", schema = fields.Select(f => new { name = f, type = "text" }).ToArray() }))
            .ExpectAsync(HttpStatusCode.Created);
        return api;
    }

    private static async Task<JsonNode> CollectionAsync(HttpClient api) =>
        await (await api.GetAsync("/api/v1/collections/name/notes")).ExpectAsync(HttpStatusCode.OK);

    private static async Task<List<string>> FieldNamesAsync(HttpClient api) =>
        [.. (await CollectionAsync(api))["schema"]!.AsArray().Select(f => f!["name"]!.GetValue<string>())];

    // The indexes SQLite itself has on the table, whatever the schema metadata says.
    private static async Task<List<string>> DatabaseIndexesAsync(KestrelHost host)
    {
        await using var connection = host.Database.Connect(host.Root);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'notes'";
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
