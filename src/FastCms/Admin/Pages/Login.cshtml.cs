using System.Globalization;
using FastCms.AdminShell;
using FastCms.Auth;
using FastCms.Plugins;
using FastCms.Setup;
using FastCms.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FastCms.Admin.Pages;

/// <summary>Password sign-in for the admin UI, throttled and rate-limited exactly like the API login (same counters).</summary>
internal sealed class LoginModel(SetupService setup, UserStore users, AuthService auth, LoginThrottle throttle) : PageModel
{
    [BindProperty(Name = "email")]
    public string? Email { get; set; }

    [BindProperty(Name = "password")]
    public string? Password { get; set; }

    [BindProperty(Name = "returnUrl", SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public FormErrors Errors { get; } = new();

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await setup.NeedsSetupAsync(cancellationToken))
        {
            return Redirect("/admin/setup");
        }

        var session = await HttpContext.AuthenticateAsync(AdminAuth.Scheme);
        return session.Principal?.IsAdmin() == true ? LocalRedirect(AdminAuth.SafeReturnUrl(ReturnUrl)) : Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Email))
        {
            Errors.Add("email", "This field is required.");
        }

        if (string.IsNullOrEmpty(Password))
        {
            Errors.Add("password", "This field is required.");
        }

        if (Errors.Any)
        {
            return Status(StatusCodes.Status400BadRequest);
        }

        var email = UserStore.NormalizeEmail(Email!);
        var ip = HttpContext.Connection.RemoteIpAddress?.ToString();
        if (throttle.TryBegin(email, ip) is { } wait)
        {
            var seconds = (int)Math.Ceiling(wait.TotalSeconds);
            Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            Problem = $"Too many failed sign-in attempts. Try again in {seconds} seconds.";
            return Status(StatusCodes.Status429TooManyRequests);
        }

        var user = await users.FindByEmailAsync(email, cancellationToken);
        if (!auth.VerifyPassword(user, Password!))
        {
            Problem = "Invalid email or password.";
            return Status(StatusCodes.Status401Unauthorized);
        }

        throttle.Succeeded(email, ip);
        await AdminAuth.SignInAsync(HttpContext, user!);
        return LocalRedirect(AdminAuth.SafeReturnUrl(ReturnUrl));
    }

    private PageResult Status(int status)
    {
        var page = Page();
        page.StatusCode = status;
        return page;
    }
}
