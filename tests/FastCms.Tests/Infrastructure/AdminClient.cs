using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FastCms.Tests.Infrastructure;

/// <summary>
/// A browser-like client for the admin UI over HTTP: keeps cookies, does not follow redirects, and submits forms
/// with the anti-forgery token taken from the page, as a browser would.
/// </summary>
public sealed partial class AdminClient(HttpClient http)
{
    public HttpClient Http { get; } = http;

    public static AdminClient Create(FastCmsFactory factory) =>
        new(factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    public static async Task<AdminClient> SignInAsync(FastCmsFactory factory, string email, string password)
    {
        var client = Create(factory);
        var response = await client.SubmitAsync("/admin/login", new() { ["email"] = email, ["password"] = password });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Sign-in failed with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return client;
    }

    public Task<HttpResponseMessage> GetAsync(string url) => Http.GetAsync(url);

    public async Task<string> GetPageAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await Http.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"GET {url}: expected {(int)expected} but got {(int)response.StatusCode} {response.Headers.Location}: {html}");
        return html;
    }

    /// <summary>Loads <paramref name="formPage"/> (or <paramref name="action"/>), takes its anti-forgery token and posts the fields to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string action, Dictionary<string, string> fields, string? formPage = null)
    {
        var token = FormToken(await GetPageAsync(formPage ?? StripQuery(action)));
        return await PostAsync(action, new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token });
    }

    public Task<HttpResponseMessage> PostAsync(string action, Dictionary<string, string> fields) =>
        Http.PostAsync(action, new FormUrlEncodedContent(fields));

    /// <summary>The id of a user, as the users page links to it.</summary>
    public async Task<string> FindUserIdAsync(string email)
    {
        var html = await GetPageAsync("/admin/users?search=" + Uri.EscapeDataString(email));
        var match = UserLinkPattern().Match(html);
        Assert.True(match.Success, $"No user {email} on the users page.");
        return match.Groups[1].Value;
    }

    public static string FormToken(string html)
    {
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, "The page has no anti-forgery token.");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    private static string StripQuery(string url) => url.Split('?')[0];

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("href=\"/admin/users/([a-z0-9]{15})\"")]
    private static partial Regex UserLinkPattern();
}
