using System.Net;
using FastCms.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FastCms.Tests.Browser;

/// <summary>The rich text editor of editor fields in headless Chromium, and what the server stores from it.</summary>
public sealed class RichTextBrowserTests
{
    [Fact]
    public async Task RichTextEditor_BoldAndList_AreSavedSanitized()
    {
        Chromium.SkipUnlessInstalled();
        await using var host = await KestrelHost.StartAsync("sqlite");
        using var api = await AdminSession.SetUpAsync(host);
        await (await api.PostJsonAsync("/api/v1/collections", new
        {
            name = "pages",
            schema = new object[] { new { name = "title", type = "text" }, new { name = "body", type = "editor" } },
        })).ExpectAsync(HttpStatusCode.Created);

        await BrowserSession.RunAsync(async session =>
        {
            var desktop = await AdminSession.SignInAsync(session, host);
            var page = desktop.Page;
            await page.GotoAsync("/admin/collections/pages/records/new");
            await page.GetByLabel("title").FillAsync("Welcome");
            var body = page.GetByRole(AriaRole.Textbox, new() { Name = "body" });
            await body.ClickAsync();
            await page.Keyboard.TypeAsync("Hello ");
            var bold = page.GetByRole(AriaRole.Button, new() { Name = "Bold" });
            await bold.ClickAsync();
            await page.Keyboard.TypeAsync("world");
            await Expect(bold).ToHaveAttributeAsync("aria-pressed", "true");
            await bold.ClickAsync();
            await page.Keyboard.PressAsync("Enter");
            await page.GetByRole(AriaRole.Button, new() { Name = "Bulleted list" }).ClickAsync();
            await page.Keyboard.TypeAsync("first");
            await page.Keyboard.PressAsync("Enter");
            await page.Keyboard.TypeAsync("second");

            await desktop.DocScreenshotAsync("admin-rich-text-editor", page.Locator(".field").Filter(new() { Has = body }));
            await page.GetByRole(AriaRole.Button, new() { Name = "Create record" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/records/[a-z0-9]{15}$"));

            var items = (await (await api.GetAsync("/api/v1/collections/pages/records")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray();
            var html = Assert.Single(items)!["data"]!["body"]!.GetValue<string>();
            Assert.Matches("<p>Hello(&nbsp;| )<b>world</b></p>", html); // the editor keeps a typed trailing space as a no-break space
            Assert.Contains("<ul><li>first</li><li>second</li></ul>", html, StringComparison.Ordinal);

            // The saved value opens in the editor again, formatted, and the list shows its words.
            await Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "body" }).Locator("b")).ToHaveTextAsync("world");
            await page.GotoAsync("/admin/collections/pages");
            await Expect(page.Locator("td[data-label=body]")).ToHaveTextAsync("Hello world first second");

            // Without JavaScript the field is its text area, and whatever HTML is typed there is sanitized on save.
            var plain = await session.OpenAsync(host.BaseUrl, 1280, 800, await desktop.Context.StorageStateAsync(), javaScriptEnabled: false);
            await plain.Page.GotoAsync("/admin/collections/pages/records/new");
            await plain.Page.GetByLabel("title").FillAsync("Raw");
            await plain.Page.GetByRole(AriaRole.Textbox, new() { Name = "body" }).FillAsync(
                "<p>Raw <i>text</i></p><script>alert(1)</script><img src=\"/favicon.ico\" onerror=\"alert(2)\" alt=\"icon\">");
            await plain.Page.GetByRole(AriaRole.Button, new() { Name = "Create record" }).ClickAsync();
            await Expect(plain.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/records/[a-z0-9]{15}$"));
            var raw = await (await api.GetAsync("/api/v1/collections/pages/records?filter=" + Uri.EscapeDataString("title = 'Raw'"))).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("<p>Raw <i>text</i></p><img src=\"/favicon.ico\" alt=\"icon\">", raw["items"]![0]!["data"]!["body"]!.GetValue<string>());
        });
    }
}
