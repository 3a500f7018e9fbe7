using System.Net;
using FastCms.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FastCms.Tests.Browser;

/// <summary>Finding records in headless Chromium: plain words in the filter box, and the point-and-click filter builder.</summary>
public sealed class RecordSearchBrowserTests
{
    [Fact]
    public async Task RecordsList_PlainWordsAndFilterBuilder_FindTheRecords()
    {
        Chromium.SkipUnlessInstalled();
        await using var host = await KestrelHost.StartAsync("sqlite");
        using var api = await AdminSession.SetUpAsync(host);
        await (await api.PostJsonAsync("/api/v1/collections", new
        {
            name = "posts",
            schema = new object[] { new { name = "title", type = "text" }, new { name = "body", type = "editor" }, new { name = "views", type = "number" } },
        })).ExpectAsync(HttpStatusCode.Created);
        foreach (var (title, body, views) in new[] { ("Spring news", "<p>garden</p>", 3), ("Autumn", "<p>some news from the harvest</p>", 40), ("Winter", "<p>snow</p>", 12) })
        {
            await (await api.PostJsonAsync("/api/v1/collections/posts/records", new { data = new { title, body, views } })).ExpectAsync(HttpStatusCode.Created);
        }

        await BrowserSession.RunAsync(async session =>
        {
            var desktop = await AdminSession.SignInAsync(session, host);
            var page = desktop.Page;
            await page.GotoAsync("/admin/collections/posts?sort=title");
            var titles = page.Locator("td[data-label=title]");
            await Expect(titles).ToHaveCountAsync(3);

            // A word is not a filter expression: it is searched for in the text fields, no parse error.
            var box = page.GetByLabel("Filter or search");
            await box.FillAsync("news");
            await box.PressAsync("Enter");
            await Expect(titles).ToHaveTextAsync(["Autumn", "Spring news"]);
            await Expect(page.Locator("[data-search-note]")).ToContainTextAsync("Searched for every word in title, body, id.");
            await Expect(page.Locator("#filter-error")).ToHaveCountAsync(0);
            await desktop.DocScreenshotAsync("admin-records-search");

            // The builder writes a working condition into the box.
            await page.GotoAsync("/admin/collections/posts?sort=title");
            await page.GetByText("Build a condition").ClickAsync();
            await page.GetByLabel("Field", new() { Exact = true }).SelectOptionAsync("views");
            await page.GetByLabel("Operator").SelectOptionAsync(new SelectOptionValue { Label = "greater than" });
            await page.GetByLabel("Value").FillAsync("10");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add to filter" }).ClickAsync();
            await Expect(box).ToHaveValueAsync("views > 10");
            await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
            await Expect(titles).ToHaveTextAsync(["Autumn", "Winter"]);

            // A second condition is joined with &&; quotes in a value are escaped, so the filter still parses.
            await page.GetByText("Build a condition").ClickAsync();
            await page.GetByLabel("Field", new() { Exact = true }).SelectOptionAsync("title");
            await page.GetByLabel("Operator").SelectOptionAsync(new SelectOptionValue { Label = "contains" });
            await page.GetByLabel("Value").FillAsync("Win\"ter");
            await page.GetByLabel("Value").PressAsync("Enter");
            await Expect(box).ToHaveValueAsync("views > 10 && title ~ \"Win\\\"ter\"");
            await desktop.DocScreenshotAsync("admin-filter-builder");
            await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
            await Expect(page.GetByText("No record matches this filter.")).ToBeVisibleAsync();
            await Expect(page.Locator("#filter-error")).ToHaveCountAsync(0);
        });
    }
}
