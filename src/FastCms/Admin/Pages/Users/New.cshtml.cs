using FastCms.AdminShell;
using FastCms.AdminUsers;
using FastCms.Auth;
using FastCms.Plugins;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace FastCms.Admin.Pages.Users;

internal sealed class NewUserModel(UserAdministration administration, IOptions<AuthOptions> options) : PageModel
{
    [BindProperty(Name = "email")]
    public string? Email { get; set; }

    [BindProperty(Name = "name")]
    public string? Name { get; set; }

    [BindProperty(Name = "role")]
    public string? Role { get; set; } = FastCmsRoles.User;

    [BindProperty(Name = "password")]
    public string? Password { get; set; }

    [BindProperty(Name = "password_confirm")]
    public string? PasswordConfirm { get; set; }

    [TempData]
    public string? Flash { get; set; }

    public FormErrors Errors { get; } = new();

    public string? Problem { get; private set; }

    public string PasswordHint =>
        $"At least {options.Value.MinPasswordLength} characters, with letters and at least one digit or symbol.";

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var change = await administration.CreateAsync(new CreateUserRequest(Email, Password, Name, Role), PasswordConfirm ?? "", cancellationToken);
        if (change.Succeeded)
        {
            Flash = $"User {change.User!.Email} was created.";
            return Redirect($"/admin/users/{change.User.Id}");
        }

        Problem = Errors.Collect(change);
        var page = Page();
        page.StatusCode = change.Status;
        return page;
    }
}
