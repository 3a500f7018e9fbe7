using System.Net;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.Records;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FastCms.Tests.Browser;

/// <summary>The records list updates itself over the realtime stream, in two admin pages of separate browser contexts.</summary>
public sealed class RecordsLiveBrowserTests
{
    [Fact]
    public async Task RecordsList_RecordCreatedInOnePage_AppearsInTheOther()
    {
        Chromium.SkipUnlessInstalled();
        await using var host = await KestrelHost.StartAsync("sqlite");
        using var api = await AdminSession.SetUpAsync(host);
        await api.CreateCollectionAsync(new { name = "notes", schema = new object[] { new { name = "title", type = "text" } } });
        var existing = (await api.CreateRecordAsync("notes", new { title = "Already there" })).Id();

        await BrowserSession.RunAsync(async session =>
        {
            var writer = await AdminSession.SignInAsync(session, host);
            var watcher = await AdminSession.SignInAsync(session, host);
            var list = watcher.Page;
            await list.GotoAsync("/admin/collections/notes");
            await Expect(list.Locator("[data-live-indicator]")).ToContainTextAsync("Live");

            var form = writer.Page;
            await form.GotoAsync("/admin/collections/notes/records/new");
            await form.GetByLabel("title").FillAsync("Written in the other page");
            await form.GetByRole(AriaRole.Button, new() { Name = "Create record" }).ClickAsync();
            await Expect(form.GetByRole(AriaRole.Status)).ToContainTextAsync("was created.");

            var added = list.Locator("tr.live-new td[data-label=title]");
            await Expect(added).ToHaveTextAsync("Written in the other page");
            await watcher.ScreenshotAsync("28-records-live");
            await (await api.DeleteAsync($"/api/v1/collections/notes/records/{existing}")).ExpectAsync(HttpStatusCode.NoContent);
            await Expect(list.Locator("td[data-label=title]", new() { HasText = "Already there" })).ToHaveCountAsync(0);
            await Expect(list.Locator("[data-live-indicator]")).ToContainTextAsync("Live");
        });
    }
}
