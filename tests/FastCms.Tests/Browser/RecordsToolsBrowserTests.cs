using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FastCms.Tests.AdminCollections;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.Records;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FastCms.Tests.Browser;

/// <summary>The records list's tools in headless Chromium: column chooser, sticky id column, bulk delete and the API panel.</summary>
public sealed partial class RecordsToolsBrowserTests
{
    private static async Task<(KestrelHost Host, HttpClient Api)> WideCollectionAsync(string name)
    {
        var host = await KestrelHost.StartAsync("sqlite", prepareRoot: KeeperPlugin.Write);
        var api = await AdminSession.SetUpAsync(host);
        var fields = new object[] { new { name = "title", type = "text" }, new { name = "views", type = "number" } }
            .Concat(Enumerable.Range(1, 8).Select(i => (object)new { name = $"note_{i}", type = "text" }));
        await api.CreateCollectionAsync(new { name, list_rule = "", schema = fields.ToArray() });
        foreach (var (title, views) in new[] { ("Delete me", 1), ("keep me", 2), ("Stays", 3), ("Also stays", 4) })
        {
            var data = Enumerable.Range(1, 8).ToDictionary(i => $"note_{i}", i => (object)$"A long note number {i} that needs room");
            data["title"] = title;
            data["views"] = views;
            await api.CreateRecordAsync(name, data);
        }

        return (host, api);
    }

    [Fact]
    public async Task RecordsList_HideColumn_StaysHiddenAfterReloadAndForLiveRows()
    {
        Chromium.SkipUnlessInstalled();
        var (host, api) = await WideCollectionAsync("kept_posts");
        await using var _ = host;
        using var __ = api;

        await BrowserSession.RunAsync(async session =>
        {
            var desktop = await AdminSession.SignInAsync(session, host);
            var page = desktop.Page;
            await page.GotoAsync("/admin/collections/kept_posts?sort=views");
            var views = page.Locator("td[data-label=views]");
            await Expect(views.First).ToBeVisibleAsync();
            await page.Locator("[data-column-chooser] summary").ClickAsync();
            await page.GetByRole(AriaRole.Checkbox, new() { Name = "views", Exact = true }).UncheckAsync();
            await Expect(views.First).ToBeHiddenAsync();
            await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "views" })).ToBeHiddenAsync();
            await desktop.DocScreenshotAsync("admin-records-columns");

            await page.ReloadAsync();
            await Expect(page.Locator("td[data-label=title]")).ToHaveCountAsync(4);
            await Expect(views).ToHaveCountAsync(4);
            for (var i = 0; i < 4; i++)
            {
                await Expect(views.Nth(i)).ToBeHiddenAsync();
            }

            await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "views" })).ToBeHiddenAsync();
            await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "title" })).ToBeVisibleAsync();
            await Expect(page.Locator("[data-live-indicator]")).ToContainTextAsync("Live");
            await api.CreateRecordAsync("kept_posts", new { title = "Arrived live", views = 9 });
            await Expect(page.Locator("tr.live-new td[data-label=title]")).ToHaveTextAsync("Arrived live");
            await Expect(page.Locator("tr.live-new td[data-label=views]")).ToBeHiddenAsync();
            await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "views" })).ToBeHiddenAsync();

            // The id column stays at the left edge of the region while the rest scrolls under it.
            var region = page.GetByRole(AriaRole.Region, new() { Name = "Records of kept_posts" });
            Assert.True(await region.EvaluateAsync<bool>("e => e.scrollWidth > e.clientWidth"), "the table is wider than its region");
            await region.EvaluateAsync("e => { e.scrollLeft = e.scrollWidth; }");
            await page.WaitForFunctionAsync("e => e.scrollLeft > 0", await region.ElementHandleAsync());
            var offset = await region.EvaluateAsync<double>(
                "e => Math.abs(e.querySelector('tbody td[data-label=id]').getBoundingClientRect().left - e.getBoundingClientRect().left)");
            Assert.True(offset < 2, $"the id cell moved {offset}px away from the region's left edge");
            var background = await page.Locator("tbody td[data-label=id]").First.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
            Assert.NotEqual("rgba(0, 0, 0, 0)", background);
            await desktop.DocScreenshotAsync("admin-records-sticky-id", region);

            // Bringing the column back is remembered too.
            await page.Locator("[data-column-chooser] summary").ClickAsync();
            await page.GetByRole(AriaRole.Checkbox, new() { Name = "views", Exact = true }).CheckAsync();
            await page.ReloadAsync();
            await Expect(views.First).ToBeVisibleAsync();
        });
    }

    [Fact]
    public async Task RecordsList_BulkDeleteTwo_ConfirmsAndReportsTheRefusedOne()
    {
        Chromium.SkipUnlessInstalled();
        var (host, api) = await WideCollectionAsync("kept_items");
        await using var _ = host;
        using var __ = api;

        await BrowserSession.RunAsync(async session =>
        {
            var desktop = await AdminSession.SignInAsync(session, host);
            var page = desktop.Page;
            await page.GotoAsync("/admin/collections/kept_items?sort=views");
            var ids = await page.Locator("td[data-label=id] code").AllTextContentsAsync();
            Assert.Equal(4, ids.Count);
            var deleteSelected = page.GetByRole(AriaRole.Button, new() { Name = "Delete selected" });
            await Expect(deleteSelected).ToBeDisabledAsync();

            var selectAll = page.GetByRole(AriaRole.Checkbox, new() { Name = "Select all records on this page" });
            await selectAll.CheckAsync();
            await Expect(deleteSelected).ToHaveTextAsync("Delete selected (4)");
            await selectAll.UncheckAsync();
            await Expect(deleteSelected).ToBeDisabledAsync();

            await page.GetByRole(AriaRole.Checkbox, new() { Name = $"Select {ids[0]}" }).CheckAsync();
            await page.GetByRole(AriaRole.Checkbox, new() { Name = $"Select {ids[1]}" }).CheckAsync();
            await Expect(deleteSelected).ToHaveTextAsync("Delete selected (2)");
            await Expect(selectAll).ToHaveJSPropertyAsync("indeterminate", true);
            await deleteSelected.ClickAsync();

            await Expect(page.GetByRole(AriaRole.List, new() { Name = "Records to delete" }).GetByRole(AriaRole.Listitem)).ToHaveTextAsync(
                [$"{ids[0]} — Delete me", $"{ids[1]} — keep me"]);
            await desktop.DocScreenshotAsync("admin-records-bulk-confirm");
            Assert.Equal(4, await api.TotalAsync("kept_items"));
            await page.GetByRole(AriaRole.Button, new() { Name = "Delete 2 records" }).ClickAsync();

            await Expect(page.Locator("[data-bulk-deleted]")).ToContainTextAsync($"Deleted 1 record: {ids[0]}");
            await Expect(page.Locator("[data-bulk-refused]")).ToContainTextAsync($"{ids[1]}: Rejected: {KeeperPlugin.Refusal}");
            await desktop.DocScreenshotAsync("admin-records-bulk-outcome");

            await page.GetByRole(AriaRole.Link, new() { Name = "Back to the records" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/admin/collections/kept_items\\?sort=views$"));
            await Expect(page.Locator("td[data-label=title]")).ToHaveTextAsync(["keep me", "Stays", "Also stays"]);
        });
    }

    [Fact]
    public async Task RecordsList_ApiPanelListCommand_ReturnsTheRecordsThePageShows()
    {
        Chromium.SkipUnlessInstalled();
        var (host, api) = await WideCollectionAsync("kept_news");
        await using var _ = host;
        using var __ = api;

        await BrowserSession.RunAsync(async session =>
        {
            var desktop = await AdminSession.SignInAsync(session, host);
            var page = desktop.Page;
            await page.GotoAsync("/admin/collections/kept_news");
            var box = page.GetByLabel("Filter or search");
            await box.FillAsync("stays");
            await box.PressAsync("Enter");
            await page.GetByRole(AriaRole.Columnheader, new() { Name = "views" }).GetByRole(AriaRole.Link).ClickAsync();
            await Expect(page.Locator("td[data-label=title]")).ToHaveTextAsync(["Stays", "Also stays"]);
            var shown = await page.Locator("td[data-label=id] code").AllTextContentsAsync();

            var panel = page.Locator("#api-preview");
            await panel.Locator("summary").ClickAsync();
            await Expect(panel.Locator("[data-api-rules] li")).ToHaveTextAsync(
                ["anyone can list", "only admins can view", "only admins can create", "only admins can update", "only admins can delete"]);
            await desktop.DocScreenshotAsync("admin-records-api", panel);
            var command = await page.Locator("#api-list").TextContentAsync();
            var url = CurlUrl().Match(command!).Groups[1].Value;
            Assert.StartsWith($"{host.BaseUrl}/api/v1/collections/kept_news/records?filter=", url);

            using var client = new HttpClient();
            var answer = JsonNode.Parse(await client.GetStringAsync(url))!;
            Assert.Equal(shown, answer["items"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
        });
    }

    [Fact]
    public async Task RecordsList_NarrowScreen_ToolsFitWithoutSidewaysScroll()
    {
        Chromium.SkipUnlessInstalled();
        var (host, api) = await WideCollectionAsync("kept_phone");
        await using var _ = host;
        using var __ = api;

        await BrowserSession.RunAsync(async session =>
        {
            var phone = await AdminSession.SignInAsync(session, host, width: 390, height: 844);
            var page = phone.Page;
            await page.GotoAsync("/admin/collections/kept_phone");
            await page.Locator("[data-column-chooser] summary").ClickAsync();
            await page.GetByRole(AriaRole.Checkbox, new() { Name = "note_3", Exact = true }).UncheckAsync();
            await Expect(page.Locator("td[data-label=note_3]").First).ToBeHiddenAsync();
            await page.GetByRole(AriaRole.Checkbox, new() { Name = $"Select {(await page.Locator("td[data-label=id] code").First.TextContentAsync())!}" }).CheckAsync();
            await page.Locator("#api-preview summary").ClickAsync();
            Assert.True(await phone.EvaluateAsync("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways at 390 px");
            await phone.ScreenshotAsync("admin-records-tools-phone");
        });
    }

    [GeneratedRegex("curl '([^']+)'")]
    private static partial Regex CurlUrl();
}
