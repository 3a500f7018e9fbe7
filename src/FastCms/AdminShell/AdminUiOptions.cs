using Microsoft.Extensions.Options;

namespace FastCms.AdminShell;

/// <summary>Settings of section <c>FastCms:Admin</c>.</summary>
internal sealed class AdminUiOptions
{
    public const string Section = "FastCms:Admin";

    /// <summary>How long an admin UI session lasts without activity; each request within the second half renews it.</summary>
    public int SessionHours { get; set; } = 12;

    /// <summary>How many recent server errors the dashboard keeps (in memory, per instance).</summary>
    public int RecentErrors { get; set; } = 50;
}

internal sealed class AdminUiOptionsValidator : IValidateOptions<AdminUiOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminUiOptions options)
    {
        var failures = new List<string>();
        if (options.SessionHours is < 1 or > 24 * 30)
        {
            failures.Add($"FastCms:Admin:SessionHours must be between 1 and {24 * 30} (got {options.SessionHours}).");
        }

        if (options.RecentErrors is < 1 or > 10_000)
        {
            failures.Add($"FastCms:Admin:RecentErrors must be between 1 and 10000 (got {options.RecentErrors}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
