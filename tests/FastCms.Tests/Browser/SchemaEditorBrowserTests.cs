using System.Net;
using FastCms.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FastCms.Tests.Browser;

/// <summary>The collection editor in headless Chromium does not lose work by accident.</summary>
public sealed class SchemaEditorBrowserTests
{
    [Fact]
    public async Task CollectionEditor_RemoveEnterAndLeaving_NeverLoseWorkByAccident()
    {
        Chromium.SkipUnlessInstalled();
        await using var host = await KestrelHost.StartAsync("sqlite");
        using var api = await AdminSession.SetUpAsync(host);
        await (await api.PostJsonAsync("/api/v1/collections", new
        {
            name = "notes",
            schema = new object[] { new { name = "title", type = "text" }, new { name = "body", type = "text" } },
        })).ExpectAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("/api/v1/collections/notes/records", new { data = new { title = "t", body = "keep me" } })).ExpectAsync(HttpStatusCode.Created);

        await BrowserSession.RunAsync(async session =>
        {
            var desktop = await AdminSession.SignInAsync(session, host);
            var page = desktop.Page;
            var dialogs = new System.Collections.Concurrent.ConcurrentQueue<string>();
            page.Dialog += async (_, dialog) =>
            {
                dialogs.Enqueue(dialog.Type);
                await dialog.DismissAsync();
            };
            await page.GotoAsync("/admin/collections/notes/edit");
            var bodyRow = page.Locator("#field-row-1");

            // Leaving with an unsaved change asks first; dismissing stays on the form with the change.
            await bodyRow.GetByLabel("Name", new() { Exact = true }).FillAsync("text");
            await page.GetByRole(AriaRole.Link, new() { Name = "Records", Exact = true }).ClickAsync();
            for (var waited = 0; dialogs.Count == 0 && waited < 100; waited++)
            {
                await Task.Delay(100); // the dialog event arrives on Playwright's own thread
            }

            Assert.Equal(["beforeunload"], dialogs);
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/admin/collections/notes/edit$"));

            // Removing asks for the field's name; ticking the box alone is refused and keeps the data.
            await bodyRow.GetByLabel("Name", new() { Exact = true }).FillAsync("body");
            var confirm = bodyRow.GetByLabel("To remove it, type the field's name");
            await Expect(confirm).ToBeHiddenAsync();
            await bodyRow.GetByLabel("Remove this field and its data").CheckAsync();
            await Expect(confirm).ToBeVisibleAsync();
            await desktop.DocScreenshotAsync("admin-remove-field", bodyRow);

            // Enter in an input saves the form (here: refused for the missing name), it never adds a field row.
            await page.Locator("#field-row-0").GetByLabel("Name", new() { Exact = true }).PressAsync("Enter");
            await Expect(bodyRow.Locator(".field-error")).ToContainTextAsync("Type \"body\" to confirm");
            await Expect(page.Locator("[data-field-row]")).ToHaveCountAsync(2);
            Assert.Equal("keep me", await BodyAsync());

            await confirm.FillAsync("body");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save collection" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Collection notes was saved.");
            Assert.Null(await BodyAsync());
            Assert.Single(dialogs);
        });

        async Task<string?> BodyAsync()
        {
            var items = (await (await api.GetAsync("/api/v1/collections/notes/records")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray();
            return items[0]!["data"]!["body"]?.GetValue<string>();
        }
    }
}
