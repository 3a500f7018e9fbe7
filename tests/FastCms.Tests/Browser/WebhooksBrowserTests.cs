using System.Text.RegularExpressions;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.Records;
using FastCms.Tests.Webhooks;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FastCms.Tests.Browser;

/// <summary>The webhooks admin page in headless Chromium: add a webhook, see its delivery, redeliver it.</summary>
public sealed class WebhooksBrowserTests
{
    [Fact]
    public async Task WebhooksPage_AddWebhookThenRedeliver_WorksInChromium()
    {
        Chromium.SkipUnlessInstalled();
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await KestrelHost.StartAsync("sqlite", WebhookSetup.FastOutbox);
        var api = await AdminSession.SetUpAsync(host);
        var collection = await api.NewCollectionAsync();
        await BrowserSession.RunAsync(async session =>
        {
            var desktop = await AdminSession.SignInAsync(session, host);
            var page = desktop.Page;
            await page.Locator("#sidebar").GetByRole(AriaRole.Link, new() { Name = "Webhooks", Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Webhooks", Level = 1 })).ToBeVisibleAsync();

            // The browser checks the URL's form itself; the server refuses the cloud metadata address.
            await page.GetByLabel("URL").FillAsync("http://169.254.169.254/latest");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync();
            await Expect(page.Locator("#field-Form\\.Url-error")).ToContainTextAsync("AllowedAddresses");

            await page.GetByLabel("URL").FillAsync(receiver.Url);
            await page.GetByLabel("Collections").FillAsync(collection);
            await page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/admin/webhooks/[a-z0-9]+$"));
            await Expect(page.Locator(".webhook-secret")).ToContainTextAsync("whsec_");
            await desktop.ScreenshotAsync("webhook-created");

            await api.CreateRecordAsync(collection, new { title = "seen in the browser" });
            await receiver.WaitAsync(r => r.Count >= 1);
            // The attempt's outcome is recorded once the receiver has answered, a moment after it got the delivery.
            var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "record.created" }).Filter(new() { HasText = "delivered" });
            for (var deadline = DateTime.UtcNow.AddSeconds(10); await row.CountAsync() == 0 && DateTime.UtcNow < deadline; await Task.Delay(200))
            {
                await page.ReloadAsync();
            }

            await Expect(row).ToContainTextAsync("delivered");
            await row.GetByRole(AriaRole.Button, new() { Name = "Redeliver" }).ClickAsync();
            var received = await receiver.WaitAsync(r => r.Count >= 2);
            Assert.Equal(received[0].Id, received[1].Id);
            await desktop.ScreenshotAsync("webhook-redelivered");
        });
    }
}
