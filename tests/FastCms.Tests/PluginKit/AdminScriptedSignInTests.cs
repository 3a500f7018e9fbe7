using System.Net;
using System.Text.RegularExpressions;
using FastCms.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FastCms.Tests.PluginKit;

/// <summary>The admin sign-in exactly as docs/admin-ui.md tells a script to do it, with a plain HTTP client.</summary>
public sealed partial class AdminScriptedSignInTests
{
    private const string Password = "Admin-pass-1234";

    [Fact]
    public async Task SignIn_AsDocumented_Answers302WithTheSessionCookieThatOpensAdminPages()
    {
        await using var host = await TestHost.StartAsync("sqlite");
        await (await host.Factory.CreateClient().PostJsonAsync("/api/v1/setup", new { email = "admin@example.com", password = Password, password_confirm = Password }))
            .ExpectAsync(HttpStatusCode.Created);
        var browser = host.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        var form = await browser.GetStringAsync("/admin/login");
        var token = TokenInput().Match(form).Groups[1].Value;
        var signIn = await browser.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = "admin@example.com",
            ["password"] = Password,
            ["__RequestVerificationToken"] = token,
            ["returnUrl"] = "/admin/collections",
        }));
        var page = await browser.GetAsync("/admin/collections");

        Assert.NotEmpty(token);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/admin/collections", signIn.Headers.Location?.OriginalString);
        Assert.Contains(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("fastcms_admin=", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [GeneratedRegex(@"name=""__RequestVerificationToken"" type=""hidden"" value=""([^""]+)""")]
    private static partial Regex TokenInput();
}
