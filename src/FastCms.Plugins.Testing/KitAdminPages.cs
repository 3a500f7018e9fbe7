using System.Net;
using System.Text.RegularExpressions;

namespace FastCms.Plugins.Testing;

/// <summary>Signs a cookie client in to the admin UI through its login form, as a browser does.</summary>
internal static partial class KitAdminPages
{
    public static async Task SignInAsync(HttpClient browser, string email, string password, CancellationToken cancellationToken)
    {
        var form = await browser.GetStringAsync("/admin/login", cancellationToken);
        var token = TokenInput().Match(form) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException("The admin login page has no anti-forgery token.");
        using var response = await browser.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email,
            ["password"] = password,
            ["__RequestVerificationToken"] = token,
        }), cancellationToken);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Signing in to the admin UI answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    [GeneratedRegex(@"name=""__RequestVerificationToken"" type=""hidden"" value=""([^""]+)""")]
    private static partial Regex TokenInput();
}
