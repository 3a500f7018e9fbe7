using System.Text.RegularExpressions;
using FastCms.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using FastCms.AdminShell;

namespace FastCms.Tests.Browser;

/// <summary>The admin UI in headless Chromium against a real server, as a person would use it.</summary>
public sealed class AdminBrowserTests
{
    private const string Password = "Owner-pass-1234";

    [Fact]
    public async Task AdminUi_FirstRunToLogout_WorksInChromium()
    {
        Chromium.SkipUnlessInstalled();
        await using var host = await KestrelHost.StartAsync("sqlite");
        await BrowserSession.RunAsync(async session =>
        {
            var desktop = await session.OpenAsync(host.BaseUrl, 1280, 800);
            await FirstRunToLogoutAsync(session, host, desktop);
        });
    }

    private static async Task FirstRunToLogoutAsync(BrowserSession session, KestrelHost host, BrowserPage desktop)
    {
        var page = desktop.Page;

        // First run: every admin address leads to the setup page.
        await page.GotoAsync("/admin/users");
        await Expect(page).ToHaveURLAsync(new Regex("/admin/setup$"));
        await desktop.ScreenshotAsync("01-setup");
        await page.GetByLabel("Email").FillAsync("owner@example.com");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("Confirm password").FillAsync("Another-pass-1234");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create admin account" }).ClickAsync();
        await Expect(page.Locator("#field-password_confirm-error")).ToContainTextAsync("The passwords do not match.");
        await Expect(page.Locator("#field-password_confirm")).ToBeFocusedAsync();
        await desktop.ScreenshotAsync("02-setup-errors");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("Confirm password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create admin account" }).ClickAsync();

        // Signed in: the dashboard, with icons from the locally served icon stylesheet.
        await Expect(page).ToHaveURLAsync(new Regex("/admin$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator(".stat").Filter(new() { HasText = "Admins" }).Locator(".stat-value")).ToHaveTextAsync("1");
        Assert.True(await desktop.EvaluateAsync("getComputedStyle(document.querySelector('.topbar .fa-bolt')).maskImage.startsWith('url(\"data:image/svg+xml')"));
        await desktop.ScreenshotAsync("03-dashboard");

        // Keyboard: the first Tab reaches the skip link, focus is visible.
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator(".skip-link")).ToBeFocusedAsync();
        Assert.True(await desktop.EvaluateAsync("getComputedStyle(document.activeElement).outlineStyle !== 'none'"));

        // Users: create (after a validation error), change the role, delete.
        await page.Locator("#sidebar").GetByRole(AriaRole.Link, new() { Name = "Users", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Users", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "New user" }).ClickAsync();
        await page.GetByLabel("Email").FillAsync("writer@example.com");
        await page.GetByLabel("Name").FillAsync("Wanda Writer");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("password123");
        await page.GetByLabel("Confirm password").FillAsync("password123");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await Expect(page.Locator("#field-password-error")).ToContainTextAsync("This password is too common");
        await desktop.ScreenshotAsync("04-new-user-errors");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("Writer-pass-1234");
        await page.GetByLabel("Confirm password").FillAsync("Writer-pass-1234");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("User writer@example.com was created.");
        await page.GetByLabel("Role").SelectOptionAsync("admin");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Changes saved.");
        await Expect(page.GetByLabel("Role")).ToHaveValueAsync("admin");
        await desktop.ScreenshotAsync("05-edit-user");
        var editUrl = page.Url;
        await page.GetByRole(AriaRole.Link, new() { Name = "All users" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "writer@example.com" })).ToContainTextAsync("admin");
        await desktop.ScreenshotAsync("06-users");
        await page.GotoAsync(editUrl);
        await page.GetByRole(AriaRole.Link, new() { Name = "Delete…" }).ClickAsync();
        await desktop.ScreenshotAsync("07-delete-user");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete user" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("User writer@example.com was deleted.");
        await Expect(page.GetByText("writer@example.com", new() { Exact = true })).ToHaveCountAsync(0);

        // A plugin's page in the registry shows in the sidebar with its icon, and is highlighted on its page.
        var registry = host.Factory.Services.GetRequiredService<AdminPageRegistry>();
        Assert.True(registry.TryAddRange([new AdminPage("hello-stats", "Statistics", "fa-star", "/admin/plugins/hello/stats", "hello")], out _));
        await page.GotoAsync("/admin/settings");
        await desktop.ScreenshotAsync("08-settings");
        var pluginLink = page.Locator("#sidebar").GetByRole(AriaRole.Link, new() { Name = "Statistics" });
        await Expect(pluginLink.Locator("i.fa-star")).ToBeVisibleAsync();
        await pluginLink.ClickAsync();
        await Expect(pluginLink).ToHaveAttributeAsync("aria-current", "page");
        await desktop.ScreenshotAsync("09-plugin-page");
        await page.GotoAsync("/admin/users/no-such-user");
        await Expect(page.Locator(".request-id")).Not.ToBeEmptyAsync();
        await desktop.ScreenshotAsync("10-not-found");

        await CheckSmallScreenAsync(session, host.BaseUrl, await desktop.Context.StorageStateAsync());

        // Sign out; protected pages send the browser back to the login page, which returns there afterwards.
        await page.GotoAsync("/admin");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("You have been signed out.");
        await page.GotoAsync("/admin/users");
        await Expect(page).ToHaveURLAsync(new Regex("/admin/login\\?returnUrl=%2Fadmin%2Fusers$"));
        await desktop.ScreenshotAsync("11-login");
        await page.GetByLabel("Email").FillAsync("owner@example.com");
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/users$"));
    }

    private static async Task CheckSmallScreenAsync(BrowserSession session, string baseUrl, string storageState)
    {
        var phone = await session.OpenAsync(baseUrl, 390, 844, storageState);
        var page = phone.Page;
        foreach (var (url, name) in new[] { ("/admin", "03-dashboard"), ("/admin/users", "06-users"), ("/admin/users/new", "04-new-user"), ("/admin/settings", "08-settings") })
        {
            await page.GotoAsync(url);
            Assert.True(await phone.EvaluateAsync("document.documentElement.scrollWidth <= window.innerWidth"), $"{url} scrolls sideways at 390 px");
            await phone.ScreenshotAsync(name);
        }

        var menu = page.GetByRole(AriaRole.Button, new() { Name = "Menu" });
        await Expect(page.Locator("#sidebar")).ToBeHiddenAsync();
        await menu.ClickAsync();
        await Expect(menu).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(page.Locator("#sidebar")).ToBeInViewportAsync(new() { Ratio = 1 });
        await Expect(page.Locator("#sidebar .nav-link[aria-current=page]")).ToBeFocusedAsync();
        await phone.ScreenshotAsync("12-menu-open");
        await page.Keyboard.PressAsync("Escape");
        await Expect(menu).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(menu).ToBeFocusedAsync();
        await Expect(page.Locator("#sidebar")).ToBeHiddenAsync();
        await page.GotoAsync("/admin/users/no-such-user");
        await phone.ScreenshotAsync("10-not-found");
        await phone.Context.CloseAsync();

        var signedOut = await session.OpenAsync(baseUrl, 390, 844);
        await signedOut.Page.GotoAsync("/admin/users");
        await Expect(signedOut.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await signedOut.ScreenshotAsync("11-login");
        await signedOut.Context.CloseAsync();
    }
}
