using FastCms.AdminShell;
using FastCms.AdminUsers;
using FastCms.Plugins;
using FastCms.Records;
using FastCms.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FastCms.Admin.Pages.Users;

internal sealed class DeleteUserModel(UserStore users, UserAdministration administration) : PageModel
{
    public User Target { get; private set; } = null!;

    public string? Problem { get; private set; }

    [TempData]
    public string? Flash { get; set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        if (await users.FindByIdAsync(id, cancellationToken) is not { } user)
        {
            return NotFound();
        }

        Target = user;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken cancellationToken)
    {
        var change = await administration.DeleteAsync(id, RecordCaller.FromHttp(HttpContext).Actor, cancellationToken);
        if (change.Succeeded)
        {
            Flash = $"User {change.User!.Email} was deleted.";
            if (id == User.GetUserId())
            {
                await AdminAuth.SignOutAsync(HttpContext);
                return Redirect(AdminAuth.LoginPath);
            }

            return Redirect("/admin/users");
        }

        if (await users.FindByIdAsync(id, cancellationToken) is not { } user)
        {
            return NotFound();
        }

        Target = user;
        Problem = change.Problem;
        var page = Page();
        page.StatusCode = change.Status;
        return page;
    }
}
