using System.Net;
using System.Text.Json.Nodes;
using FastCms.Tests.Files;
using FastCms.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FastCms.Tests.Browser;

/// <summary>
/// The record form in headless Chromium: relation pickers (search, keyboard, chips, max_select), related records by
/// their display field, images from the record's file fields in the rich text editor, and words joined to a
/// condition from the filter builder.
/// </summary>
public sealed class RelationPickerBrowserTests
{
    private static async Task<Dictionary<string, string>> LibraryAsync(HttpClient api)
    {
        await (await api.PostJsonAsync("/api/v1/collections", new
        {
            name = "authors",
            schema = new object[] { new { name = "code", type = "text" }, new { name = "name", type = "text" } },
            display_field = "name",
        })).ExpectAsync(HttpStatusCode.Created);
        var authors = new Dictionary<string, string>();
        foreach (var (code, name) in new[] { ("A-1", "Ada Lovelace"), ("G-2", "Grace Hopper"), ("T-3", "Alan Turing") })
        {
            authors[name] = (await (await api.PostJsonAsync("/api/v1/collections/authors/records", new { data = new { code, name } })).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        }

        await (await api.PostJsonAsync("/api/v1/collections", new
        {
            name = "books",
            schema = new object[]
            {
                new { name = "title", type = "text" },
                new { name = "pages", type = "number" },
                new { name = "author", type = "relation", options = new { collection = "authors" } },
                new { name = "editors", type = "relation", options = new { collection = "authors", max_select = 2 } },
                new { name = "body", type = "editor" },
                new { name = "cover", type = "file", options = new { mime_types = new[] { "image/png" } } },
            },
            view_rule = "", // the editor shows inserted images from the file address, which needs no token when anyone may view
        })).ExpectAsync(HttpStatusCode.Created);
        return authors;
    }

    [Fact]
    public async Task RelationPicker_TypingPartOfANameAndChoosing_StoresTheIds()
    {
        Chromium.SkipUnlessInstalled();
        await using var host = await KestrelHost.StartAsync("sqlite");
        using var api = await AdminSession.SetUpAsync(host);
        var authors = await LibraryAsync(api);

        await BrowserSession.RunAsync(async session =>
        {
            var desktop = await AdminSession.SignInAsync(session, host);
            var page = desktop.Page;
            await page.GotoAsync("/admin/collections/books/records/new");
            await page.GetByLabel("title").FillAsync("Notes");

            // One author: typed, chosen with the keyboard.
            var author = page.GetByRole(AriaRole.Combobox, new() { Name = "author" });
            await author.FillAsync("lov");
            var options = page.GetByRole(AriaRole.Listbox, new() { Name = "Records for author" }).GetByRole(AriaRole.Option);
            await Expect(options).ToHaveTextAsync([$"Ada Lovelace {authors["Ada Lovelace"]}"]);
            await author.PressAsync("Enter");
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Remove Ada Lovelace" })).ToBeVisibleAsync();

            // Two editors at most: a third is refused until one is removed.
            var editors = page.GetByRole(AriaRole.Combobox, new() { Name = "editors" });
            var editorOptions = page.GetByRole(AriaRole.Listbox, new() { Name = "Records for editors" }).GetByRole(AriaRole.Option);
            await editors.FillAsync("grace");
            await Expect(editorOptions).ToHaveCountAsync(1);
            await editors.PressAsync("Enter");
            await editors.FillAsync("a");
            await Expect(editorOptions).ToHaveCountAsync(3);
            await editors.PressAsync("ArrowDown");
            await Expect(editorOptions.Nth(1)).ToHaveAttributeAsync("aria-selected", "true");
            await desktop.DocScreenshotAsync("admin-relation-picker", page.Locator(".field").Filter(new() { Has = editors }));
            await editorOptions.Filter(new() { HasText = "Alan Turing" }).ClickAsync();
            await editors.FillAsync("ada");
            await Expect(editorOptions).ToHaveCountAsync(1);
            await editors.PressAsync("Enter");
            await Expect(page.GetByText("At most 2 records; remove one first.")).ToBeVisibleAsync();
            await editors.PressAsync("Escape");
            await Expect(editorOptions).ToHaveCountAsync(0);
            await page.GetByRole(AriaRole.Button, new() { Name = "Remove Alan Turing" }).ClickAsync();
            await editors.FillAsync("ada");
            await Expect(editorOptions).ToHaveCountAsync(1);
            await editors.PressAsync("Enter");

            await page.GetByRole(AriaRole.Button, new() { Name = "Create record" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/records/[a-z0-9]{15}$"));
            var data = Stored(await (await api.GetAsync("/api/v1/collections/books/records")).ExpectAsync(HttpStatusCode.OK));
            Assert.Equal(authors["Ada Lovelace"], data["author"]!.GetValue<string>());
            Assert.Equal([authors["Grace Hopper"], authors["Ada Lovelace"]], data["editors"]!.AsArray().Select(e => e!.GetValue<string>()));

            // The form and the list name the related records by their display field.
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Remove Grace Hopper" })).ToBeVisibleAsync();
            await page.GotoAsync("/admin/collections/books");
            await Expect(page.Locator("td[data-label=author]")).ToHaveTextAsync($"Ada Lovelace {authors["Ada Lovelace"]}");
            await Expect(page.Locator("td[data-label=editors] .relation-ref")).ToHaveTextAsync([$"Grace Hopper {authors["Grace Hopper"]}", $"Ada Lovelace {authors["Ada Lovelace"]}"]);
            await desktop.DocScreenshotAsync("admin-relation-list", page.Locator(".records-scroll"));

            // On a phone the chips and the list of matches stay within the page.
            var phone = await session.OpenAsync(host.BaseUrl, 390, 844, await desktop.Context.StorageStateAsync());
            await phone.Page.GotoAsync("/admin/collections/books");
            await phone.Page.Locator("td[data-label=id] a").ClickAsync();
            await phone.Page.GetByRole(AriaRole.Combobox, new() { Name = "author" }).FillAsync("a");
            await Expect(phone.Page.GetByRole(AriaRole.Listbox, new() { Name = "Records for author" }).GetByRole(AriaRole.Option)).ToHaveCountAsync(3);
            Assert.True(await phone.EvaluateAsync("document.documentElement.scrollWidth <= window.innerWidth"), "the record form scrolls sideways at 390 px");

            // Without JavaScript the ids are typed into a text box, and the chosen records are listed by name.
            var plain = await session.OpenAsync(host.BaseUrl, 1280, 800, await desktop.Context.StorageStateAsync(), javaScriptEnabled: false);
            await plain.Page.GotoAsync("/admin/collections/books/records/new");
            await plain.Page.GetByLabel("title").FillAsync("Plain");
            await plain.Page.GetByLabel("author").FillAsync(authors["Alan Turing"]);
            await plain.Page.GetByRole(AriaRole.Button, new() { Name = "Create record" }).ClickAsync();
            await Expect(plain.Page.Locator(".relation-chip")).ToHaveTextAsync($"Alan Turing {authors["Alan Turing"]}");
        });
    }

    [Fact]
    public async Task RichTextEditor_ImageFromAFileField_IsSavedWithTheFileAddress()
    {
        Chromium.SkipUnlessInstalled();
        await using var host = await KestrelHost.StartAsync("sqlite");
        using var api = await AdminSession.SetUpAsync(host);
        await LibraryAsync(api);
        var created = await (await api.PostAsync("/api/v1/collections/books/records",
            FileClient.Form(new { title = "Illustrated", body = "<p>Intro</p>" }, new FileClient.Part("cover", "cover.png", FileClient.Png(8, 8), "image/png")))).ExpectAsync(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<string>();
        var file = created["data"]!["cover"]!.GetValue<string>();

        await BrowserSession.RunAsync(async session =>
        {
            var desktop = await AdminSession.SignInAsync(session, host);
            var page = desktop.Page;
            await page.GotoAsync($"/admin/collections/books/records/{id}");
            await page.GetByRole(AriaRole.Textbox, new() { Name = "body" }).ClickAsync();
            await page.Keyboard.PressAsync("End");
            var chooser = page.GetByRole(AriaRole.Button, new() { Name = "Insert an image from this record's files" });
            await chooser.ClickAsync();
            await Expect(chooser).ToHaveAttributeAsync("aria-expanded", "true");
            var choice = page.GetByRole(AriaRole.Group, new() { Name = "Images of this record" }).GetByRole(AriaRole.Button, new() { Name = file });
            await Expect(choice).ToBeFocusedAsync();
            await desktop.DocScreenshotAsync("admin-editor-record-images", page.Locator(".rich-text"));
            await choice.ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
            await Expect(page.GetByText("Changes saved.")).ToBeVisibleAsync();

            var body = Stored(await (await api.GetAsync("/api/v1/collections/books/records")).ExpectAsync(HttpStatusCode.OK))["body"]!.GetValue<string>();
            Assert.Contains($"<img src=\"/api/v1/files/books/{id}/{file}\" alt=\"{file}\">", body, StringComparison.Ordinal);
            await Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "body" }).Locator("img")).ToHaveAttributeAsync("src", $"/api/v1/files/books/{id}/{file}");
        });
    }

    [Fact]
    public async Task FilterBuilder_AfterPlainWords_FindsRecordsMatchingBoth()
    {
        Chromium.SkipUnlessInstalled();
        await using var host = await KestrelHost.StartAsync("sqlite");
        using var api = await AdminSession.SetUpAsync(host);
        await LibraryAsync(api);
        foreach (var (title, pages) in new[] { ("Spring news", 5), ("Autumn news", 50), ("Winter", 100) })
        {
            await (await api.PostJsonAsync("/api/v1/collections/books/records", new { data = new { title, pages } })).ExpectAsync(HttpStatusCode.Created);
        }

        await BrowserSession.RunAsync(async session =>
        {
            var desktop = await AdminSession.SignInAsync(session, host);
            var page = desktop.Page;
            await page.GotoAsync("/admin/collections/books?sort=title");
            var box = page.GetByLabel("Filter or search");
            await box.FillAsync("news");
            await page.GetByText("Build a condition").ClickAsync();
            await page.GetByLabel("Field", new() { Exact = true }).SelectOptionAsync("pages");
            await page.GetByLabel("Operator").SelectOptionAsync(new SelectOptionValue { Label = "greater than" });
            await page.GetByLabel("Value").FillAsync("10");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add to filter" }).ClickAsync();
            await Expect(box).ToHaveValueAsync("news && pages > 10");
            await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();

            await Expect(page.Locator("td[data-label=title]")).ToHaveTextAsync(["Autumn news"]);
            await Expect(page.Locator("#filter-error")).ToHaveCountAsync(0);
            await Expect(page.Locator("[data-search-note]")).ToContainTextAsync("&& (pages > 10)");
        });
    }

    private static JsonNode Stored(JsonNode list) =>
        list["items"]!.AsArray().Single(r => r!["data"]!["title"]!.GetValue<string>() is "Notes" or "Illustrated")!["data"]!;
}
