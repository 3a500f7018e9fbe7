using System.Net;
using FastCms.Tests.Files;
using FastCms.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FastCms.Tests.Browser;

/// <summary>The record form's upload control in headless Chromium: upload, thumbnail in the list, replace, refusals.</summary>
public sealed class FileUploadBrowserTests
{
    [Fact]
    public async Task RecordForm_UploadImage_ShowsItsThumbnailInTheList()
    {
        Chromium.SkipUnlessInstalled();
        await using var host = await KestrelHost.StartAsync("sqlite");
        using var api = await AdminSession.SetUpAsync(host);
        await (await api.PostJsonAsync("/api/v1/collections", new
        {
            name = "albums",
            schema = new object[]
            {
                new { name = "title", type = "text" },
                new { name = "cover", type = "file", options = new { mime_types = new[] { "image/*" }, max_size = 200_000 } },
            },
        })).ExpectAsync(HttpStatusCode.Created);
        var image = Path.Combine(Path.GetTempPath(), $"cover-{Guid.NewGuid():N}.png");
        var large = Path.Combine(Path.GetTempPath(), $"large-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(image, FileClient.Png(240, 160));
        await File.WriteAllBytesAsync(large, [.. FileClient.Png(8, 8), .. new byte[300_000]]);
        try
        {
            await BrowserSession.RunAsync(async session =>
            {
                var desktop = await AdminSession.SignInAsync(session, host);
                var page = desktop.Page;
                await page.GotoAsync("/admin/collections/albums/records/new");
                await page.GetByLabel("title").FillAsync("Holidays");
                var input = page.Locator("input[type=file][name='data.cover']");

                // Too large: the form says so before anything is sent, and keeps no file.
                await input.SetInputFilesAsync(large);
                await Expect(page.Locator("[data-file-error]")).ToContainTextAsync("at most 195.3 KiB");
                await input.SetInputFilesAsync(image);
                await Expect(page.Locator("[data-file-error]")).ToBeHiddenAsync();
                await Expect(page.Locator("[data-picked] li")).ToContainTextAsync(Path.GetFileName(image));
                await page.GetByRole(AriaRole.Button, new() { Name = "Create record" }).ClickAsync();
                await Expect(page.Locator(".file-list img.file-thumb")).ToHaveCountAsync(1);

                await page.GotoAsync("/admin/collections/albums");
                var thumb = page.Locator("td[data-label=cover] img.cell-thumb");
                await Expect(thumb).ToHaveCountAsync(1);
                await page.WaitForFunctionAsync("img => img.complete && img.naturalWidth === 100 && img.naturalHeight === 100", await thumb.ElementHandleAsync());
                await desktop.ScreenshotAsync("30-records-with-thumbnails");
            });
        }
        finally
        {
            File.Delete(image);
            File.Delete(large);
        }
    }
}
