using System.Net;
using System.Text.RegularExpressions;
using FastCms.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FastCms.Tests.Browser;

/// <summary>The first admin of a <see cref="KestrelHost"/>: an API client with its token, and a browser page signed in as it.</summary>
public static class AdminSession
{
    public const string Email = "admin@example.com";
    public const string Password = ServerFixture.AdminPassword;

    /// <summary>Finishes setup through the API; the client carries the admin's access token.</summary>
    public static async Task<HttpClient> SetUpAsync(KestrelHost host)
    {
        var client = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        var setup = await (await client.PostJsonAsync("/api/v1/setup", new { email = Email, password = Password, password_confirm = Password }))
            .ExpectAsync(HttpStatusCode.Created);
        return client.WithBearer(setup["token"]!["access_token"]!.GetValue<string>());
    }

    /// <summary>Opens a page and signs in through the login form.</summary>
    public static async Task<BrowserPage> SignInAsync(BrowserSession session, KestrelHost host, int width = 1280, int height = 800)
    {
        var desktop = await session.OpenAsync(host.BaseUrl, width, height);
        var page = desktop.Page;
        await page.GotoAsync("/admin/login");
        await page.GetByLabel("Email").FillAsync(Email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin$"));
        return desktop;
    }
}
