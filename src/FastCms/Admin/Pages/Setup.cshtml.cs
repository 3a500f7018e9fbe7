using FastCms.AdminShell;
using FastCms.Auth;
using FastCms.Setup;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace FastCms.Admin.Pages;

/// <summary>First run: creates the first admin (once, even when raced) and signs it in.</summary>
internal sealed class SetupModel(SetupService setup, PasswordPolicy policy, IOptions<AuthOptions> options) : PageModel
{
    [BindProperty(Name = "email")]
    public string? Email { get; set; }

    [BindProperty(Name = "name")]
    public string? Name { get; set; }

    [BindProperty(Name = "password")]
    public string? Password { get; set; }

    [BindProperty(Name = "password_confirm")]
    public string? PasswordConfirm { get; set; }

    public FormErrors Errors { get; } = new();

    public string PasswordHint =>
        $"At least {options.Value.MinPasswordLength} characters, with letters and at least one digit or symbol.";

    [TempData]
    public string? Flash { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await setup.NeedsSetupAsync(cancellationToken) ? Page() : Redirect(AdminAuth.LoginPath);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await setup.NeedsSetupAsync(cancellationToken))
        {
            return Redirect(AdminAuth.LoginPath);
        }

        var errors = AuthApi.ValidateNewAccount(Email, Password, PasswordConfirm, Name, policy);
        if (errors.Any)
        {
            Errors.AddRange(errors);
            var page = Page();
            page.StatusCode = StatusCodes.Status400BadRequest;
            return page;
        }

        var admin = await setup.TryCreateFirstAdminAsync(Email!, Password!, Name?.Trim(), cancellationToken);
        if (admin is null)
        {
            Flash = "Setup was completed in the meantime. Sign in with an admin account.";
            return Redirect(AdminAuth.LoginPath);
        }

        await AdminAuth.SignInAsync(HttpContext, admin);
        Flash = "Your admin account is ready.";
        return Redirect("/admin");
    }
}
