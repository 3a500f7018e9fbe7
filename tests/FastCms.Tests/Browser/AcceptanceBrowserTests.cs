using System.Text.RegularExpressions;
using FastCms.Tests.Infrastructure;
using Microsoft.Playwright;
using static FastCms.Tests.Infrastructure.PluginFolders;
using static Microsoft.Playwright.Assertions;

namespace FastCms.Tests.Browser;

/// <summary>
/// The admin UI's acceptance flow in headless Chromium against a fresh server with the shipped plugins and a
/// deliberately broken one: setup, sign-in, plugins, the example plugin's own page and settings, metrics.
/// </summary>
public sealed class AcceptanceBrowserTests
{
    private const string Email = "owner@example.com";
    private const string Password = "Owner-pass-1234";

    [Fact]
    public async Task AdminUi_AcceptanceFlow_WorksInChromium()
    {
        Chromium.SkipUnlessInstalled();
        await using var host = await KestrelHost.StartAsync("sqlite", prepareRoot: root =>
        {
            CopyShipped(root, "hello_world");
            CopyShipped(root, "example_plugin");
            Write(root, "broken_plugin", ("BrokenPlugin.cs", Plugin("broken-plugin", "ctx.IncludeRouter(\"/broken\");")), ("Helpers.cs", "static class Helpers { static int Count() => \"many\"; }"));
        });
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var desktop = await BrowserPage.OpenAsync(browser, host.BaseUrl, 1280, 800);
        var page = desktop.Page;

        await SetUpAndSignInAsync(page);

        // Plugins: both shipped plugins active, the broken one with its error and diagnostics.
        await page.Locator("#sidebar").GetByRole(AriaRole.Link, new() { Name = "Plugins", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Plugins", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#plugin-hello-world .badge.status")).ToHaveTextAsync("active");
        await Expect(page.Locator("#plugin-example-plugin .badge.status")).ToHaveTextAsync("active");
        var broken = page.Locator("#plugin-broken_plugin");
        await Expect(broken.Locator(".badge.status")).ToHaveTextAsync("compile error");
        await Expect(broken.GetByRole(AriaRole.Note)).ToContainTextAsync("Compilation failed with 1 error(s)");
        await Expect(broken.Locator(".diagnostics li")).ToContainTextAsync(new Regex(@"Helpers\.cs:1:\d+ CS0029 Cannot implicitly convert type 'string' to 'int'"));
        await desktop.ScreenshotAsync("20-plugins");

        // The example plugin's sidebar page, rendered from its template with its stylesheet.
        var sidebarEntry = page.Locator("#sidebar").GetByRole(AriaRole.Link, new() { Name = "Example Plugin" });
        await sidebarEntry.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/plugins/example-plugin$"));
        await Expect(sidebarEntry).ToHaveAttributeAsync("aria-current", "page");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Example Plugin", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator(".example-greeting")).ToHaveTextAsync("Hello from Example Plugin!");
        Assert.Equal("italic", await page.Locator(".example-greeting").EvaluateAsync<string>("e => getComputedStyle(e).fontStyle"));
        await desktop.ScreenshotAsync("21-example-plugin");

        // Its settings in the generated form: a wrong value first, then a new greeting that the plugin's route answers with.
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit settings" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Example Plugin settings" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("API key")).ToHaveAttributeAsync("type", "password");
        await page.GetByLabel("Greeting").FillAsync("Greetings from the browser");
        await page.GetByLabel("Max title length").FillAsync("12.5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Expect(page.Locator("#setting-max_title_length-error")).ToContainTextAsync("Must be an integer.");
        await Expect(page.GetByLabel("Max title length")).ToBeFocusedAsync();
        await desktop.ScreenshotAsync("22-plugin-settings-errors");
        await page.GetByLabel("Max title length").FillAsync("80");
        await page.GetByLabel("Generate slugs").UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Settings of Example Plugin saved; the plugin uses them now.");
        await Expect(page.GetByLabel("Generate slugs")).Not.ToBeCheckedAsync();
        await desktop.ScreenshotAsync("23-plugin-settings");
        var hello = await desktop.Context.APIRequest.GetAsync("/api/v1/plugins/example/hello");
        Assert.Equal("Greetings from the browser", (await hello.JsonAsync())?.GetProperty("message").GetString());
        await page.GotoAsync("/admin/plugins/example-plugin");
        await Expect(page.Locator(".example-greeting")).ToHaveTextAsync("Greetings from the browser");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reset counters" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The counters were reset.");

        // Metrics: cards, chart, tables; the figures reload by themselves.
        await page.Locator("#sidebar").GetByRole(AriaRole.Link, new() { Name = "Metrics", Exact = true }).ClickAsync();
        await Expect(page.Locator("#metric-requests")).ToHaveTextAsync(new Regex(@"^\d[\d,]*$"));
        await Expect(page.Locator("svg.latency-chart path.line-p50")).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "/api/v1/plugins/example/hello" })).ToHaveCountAsync(1);
        await desktop.ScreenshotAsync("24-metrics");
        await Expect(page.Locator("#metrics-updated")).ToContainTextAsync("Updated", new() { Timeout = 25_000 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Pause updates" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Resume updates" })).ToHaveAttributeAsync("aria-pressed", "true");

        await CheckSmallScreenAsync(browser, host.BaseUrl, await desktop.Context.StorageStateAsync());
        Assert.Empty(desktop.Problems);
    }

    private static async Task SetUpAndSignInAsync(IPage page)
    {
        await page.GotoAsync("/admin");
        await Expect(page).ToHaveURLAsync(new Regex("/admin/setup$"));
        await page.GetByLabel("Email").FillAsync(Email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("Confirm password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create admin account" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin$"));
        await Expect(page.Locator(".stat").Filter(new() { HasText = "Active plugins" }).Locator(".stat-value")).ToHaveTextAsync("2");
        await Expect(page.Locator(".stat").Filter(new() { HasText = "Failed plugins" }).Locator(".stat-value")).ToHaveTextAsync("1");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.GetByLabel("Email").FillAsync(Email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync();
    }

    private static async Task CheckSmallScreenAsync(IBrowser browser, string baseUrl, string storageState)
    {
        var phone = await BrowserPage.OpenAsync(browser, baseUrl, 390, 844, storageState);
        var pages = new[]
        {
            ("/admin/plugins", "20-plugins"),
            ("/admin/plugins/example-plugin", "21-example-plugin"),
            ("/admin/plugins/example-plugin/settings", "23-plugin-settings"),
            ("/admin/metrics", "24-metrics"),
        };
        foreach (var (url, name) in pages)
        {
            await phone.Page.GotoAsync(url);
            Assert.True(await phone.EvaluateAsync("document.documentElement.scrollWidth <= window.innerWidth"), $"{url} scrolls sideways at 390 px");
            await phone.ScreenshotAsync(name);
        }

        Assert.Empty(phone.Problems);
        await phone.Context.CloseAsync();
    }
}
