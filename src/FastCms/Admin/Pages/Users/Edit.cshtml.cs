using FastCms.AdminShell;
using FastCms.AdminUsers;
using FastCms.Auth;
using FastCms.Kernel;
using FastCms.Plugins;
using FastCms.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace FastCms.Admin.Pages.Users;

internal sealed class EditUserModel(
    UserStore users, UserAdministration administration, PasswordPolicy policy, IOptions<AuthOptions> options) : PageModel
{
    [BindProperty(Name = "email")]
    public string? Email { get; set; }

    [BindProperty(Name = "name")]
    public string? Name { get; set; }

    [BindProperty(Name = "role")]
    public string? Role { get; set; }

    [BindProperty(Name = "verified")]
    public bool Verified { get; set; }

    [BindProperty(Name = "new_password")]
    public string? NewPassword { get; set; }

    [BindProperty(Name = "new_password_confirm")]
    public string? NewPasswordConfirm { get; set; }

    [TempData]
    public string? Flash { get; set; }

    public User Current { get; private set; } = null!;

    public FormErrors Errors { get; } = new();

    public string? Problem { get; private set; }

    public string PasswordHint =>
        $"At least {options.Value.MinPasswordLength} characters, with letters and at least one digit or symbol.";

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        if (await users.FindByIdAsync(id, cancellationToken) is not { } user)
        {
            return NotFound();
        }

        Current = user;
        (Email, Name, Role, Verified) = (user.Email, user.Name, user.Role, user.Verified);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken cancellationToken)
    {
        var change = await administration.UpdateAsync(id, new UpdateUserRequest(Email ?? "", Name ?? "", Role, null, Verified), cancellationToken);
        return await CompleteAsync(id, change, "Changes saved.", cancellationToken);
    }

    public async Task<IActionResult> OnPostPasswordAsync(string id, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        AuthApi.ValidateNewPassword(errors, "new_password", NewPassword, "new_password_confirm", NewPasswordConfirm ?? "", policy);
        var change = errors.Any
            ? UserChange.Invalid(errors)
            : await administration.UpdateAsync(id, new UpdateUserRequest(null, null, null, NewPassword, null), cancellationToken);
        return await CompleteAsync(id, change, "Password set; the user's sessions have ended.", cancellationToken);
    }

    private async Task<IActionResult> CompleteAsync(string id, UserChange change, string success, CancellationToken cancellationToken)
    {
        if (change.Succeeded)
        {
            // Changing your own role or password ends your sessions too; keep this browser signed in.
            if (change.User!.Id == User.GetUserId())
            {
                await AdminAuth.SignInAsync(HttpContext, change.User);
            }

            Flash = success;
            return Redirect($"/admin/users/{id}");
        }

        if (await users.FindByIdAsync(id, cancellationToken) is not { } user)
        {
            return NotFound();
        }

        Current = user;
        Problem = Errors.Collect(change);
        var page = Page();
        page.StatusCode = change.Status;
        return page;
    }
}
