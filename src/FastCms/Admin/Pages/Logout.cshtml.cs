using FastCms.AdminShell;
using FastCms.Auth;
using FastCms.Data;
using FastCms.Plugins;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FastCms.Admin.Pages;

/// <summary>Ends the admin UI session (POST only); "everywhere" also revokes all of the user's sessions and tokens.</summary>
internal sealed class LogoutModel(Database database, AuthService auth) : PageModel
{
    public string? Email { get; private set; }

    [TempData]
    public string? Flash { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var session = await HttpContext.AuthenticateAsync(AdminAuth.Scheme);
        if (session.Principal is null)
        {
            return Redirect(AdminAuth.LoginPath);
        }

        Email = session.Principal.Identity?.Name;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await AdminAuth.SignOutAsync(HttpContext);
        Flash = "You have been signed out.";
        return Redirect(AdminAuth.LoginPath);
    }

    public async Task<IActionResult> OnPostEverywhereAsync(CancellationToken cancellationToken)
    {
        var session = await HttpContext.AuthenticateAsync(AdminAuth.Scheme);
        if (session.Principal?.GetUserId() is { } userId)
        {
            await database.WriteAsync(s => auth.RevokeAllSessionsAsync(s, userId, cancellationToken), cancellationToken);
        }

        await AdminAuth.SignOutAsync(HttpContext);
        Flash = "You have been signed out of every session.";
        return Redirect(AdminAuth.LoginPath);
    }
}
