using FastCms.AdminShell;
namespace FastCms.Admin.Pages.Users;

/// <summary>The profile fields shared by the new-user and edit-user forms.</summary>
internal sealed record UserFormView(string? Email, string? Name, string? Role, FormErrors Errors);
