using System.Net;
using FastCms.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FastCms.Tests.Browser;

/// <summary>The records list in headless Chromium: wide tables and how values look.</summary>
public sealed class RecordsListBrowserTests
{
    [Fact]
    public async Task RecordsList_WideRows_ScrollInsideTheTableRegionNotThePage()
    {
        Chromium.SkipUnlessInstalled();
        await using var host = await KestrelHost.StartAsync("sqlite");
        using var api = await AdminSession.SetUpAsync(host);
        var fields = Enumerable.Range(1, 12).Select(i => (object)new { name = $"column_{i:00}", type = "text" }).Append(new { name = "flag", type = "bool" });
        await (await api.PostJsonAsync("/api/v1/collections", new { name = "wide", schema = fields.ToArray() })).ExpectAsync(HttpStatusCode.Created);
        foreach (var flag in new[] { true, false })
        {
            var data = Enumerable.Range(1, 12).ToDictionary(i => $"column_{i:00}", i => (object)$"A long value number {i} that takes room in its column");
            data["flag"] = flag;
            await (await api.PostJsonAsync("/api/v1/collections/wide/records", new { data })).ExpectAsync(HttpStatusCode.Created);
        }

        await BrowserSession.RunAsync(async session =>
        {
            var desktop = await AdminSession.SignInAsync(session, host);
            var page = desktop.Page;
            await page.GotoAsync("/admin/collections/wide");
            var region = page.GetByRole(AriaRole.Region, new() { Name = "Records of wide" });
            await Expect(region).ToHaveAttributeAsync("tabindex", "0");
            Assert.True(await region.EvaluateAsync<bool>("e => e.scrollWidth > e.clientWidth"), "the table is wider than its region");
            Assert.True(await desktop.EvaluateAsync("document.documentElement.scrollWidth <= window.innerWidth"), "the page itself scrolls sideways");
            Assert.True(await region.EvaluateAsync<bool>("e => e.getBoundingClientRect().bottom <= window.innerHeight"), "the region's scroll bar is below the window");
            await desktop.ScreenshotAsync("19-wide-records");
            await region.FocusAsync();
            await page.Keyboard.PressAsync("ArrowRight");
            await page.Keyboard.PressAsync("End");
            await page.WaitForFunctionAsync("e => e.scrollLeft > 0", await region.ElementHandleAsync()); // the keyboard scrolls the region (smoothly)

            // true and false look alike (an icon each) and read as words.
            var flags = page.Locator("td[data-label=flag]");
            await Expect(flags.Filter(new() { Has = page.Locator("i.fa-check") })).ToHaveTextAsync("true");
            await Expect(flags.Filter(new() { Has = page.Locator("i.fa-xmark") })).ToHaveTextAsync("false");
        });
    }
}
