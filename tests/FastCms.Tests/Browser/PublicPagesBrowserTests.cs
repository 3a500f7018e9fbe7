using FastCms.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FastCms.Tests.Browser;

/// <summary>The pages anyone can open, in headless Chromium: the API reference and the first-run setup page.</summary>
public sealed class PublicPagesBrowserTests
{
    [Fact]
    public async Task ApiReference_InChromium_RendersTheOperations()
    {
        Chromium.SkipUnlessInstalled();
        await using var host = await KestrelHost.StartAsync("sqlite");
        await BrowserSession.RunAsync(async session =>
        {
            var desktop = await session.OpenAsync(host.BaseUrl, 1280, 800);
            var response = await desktop.Page.GotoAsync("/docs");
            Assert.Contains("script-src 'self' 'nonce-", response!.Headers["content-security-policy"], StringComparison.Ordinal);
            var sidebar = desktop.Page.GetByRole(AriaRole.Complementary);
            await sidebar.GetByRole(AriaRole.Link, new() { Name = "Records", Exact = true }).ClickAsync(new() { Timeout = 30_000 });
            await Expect(desktop.Page.GetByRole(AriaRole.Heading, new() { Name = "/api/v1/collections/{collection}/records", Exact = true }).First).ToBeVisibleAsync();
            await desktop.ScreenshotAsync("30-api-reference");
        });
    }

    [Fact]
    public async Task SetupPage_FirstVisit_LoadsWithoutFailedRequestsIncludingTheFavicon()
    {
        Chromium.SkipUnlessInstalled();
        await using var host = await KestrelHost.StartAsync("sqlite");
        await BrowserSession.RunAsync(async session =>
        {
            var desktop = await session.OpenAsync(host.BaseUrl, 1280, 800);
            await desktop.Page.GotoAsync("/admin/login", new() { WaitUntil = WaitUntilState.NetworkIdle });
            await Expect(desktop.Page.GetByRole(AriaRole.Button, new() { Name = "Create admin account" })).ToBeVisibleAsync();
            var favicon = await desktop.Context.APIRequest.GetAsync("/favicon.ico");
            Assert.Equal(200, favicon.Status);
            Assert.Equal("image/x-icon", favicon.Headers["content-type"]);
        });
    }
}
