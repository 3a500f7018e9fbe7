using System.Globalization;
using FastCms.Kernel;
using FastCms.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FastCms.Admin.Pages.Users;

internal sealed class UsersIndexModel(UserStore users) : PageModel
{
    public const int PerPage = 20;

    [BindProperty(Name = "search", SupportsGet = true)]
    public string? Search { get; set; }

    public PageResult<User> Result { get; private set; } = new([], 0, 1, PerPage, 0);

    public string Summary => Result.Total == 0
        ? "No users"
        : $"{(Result.Page - 1) * PerPage + 1}–{(Result.Page - 1) * PerPage + Result.Items.Count} of {Result.Total} users";

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        // Read by hand: "page" is a reserved route value in Razor Pages and cannot be model-bound.
        var page = int.TryParse(Request.Query["page"], CultureInfo.InvariantCulture, out var number) && number > 0 ? number : 1;
        Result = await users.ListAsync(page, PerPage, Search, cancellationToken);
    }

    public string PageUrl(int page)
    {
        var query = QueryString.Create("page", page.ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(Search))
        {
            query = query.Add("search", Search);
        }

        return "/admin/users" + query;
    }
}
