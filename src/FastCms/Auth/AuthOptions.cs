using Microsoft.Extensions.Options;

namespace FastCms.Auth;

/// <summary>Settings of section <c>FastCms:Auth</c>.</summary>
internal sealed class AuthOptions
{
    public const string Section = "FastCms:Auth";

    /// <summary>HMAC key for access tokens (32+ characters). When empty, a random key is generated once and kept in the database.</summary>
    public string? JwtSecret { get; set; }

    public int AccessTokenMinutes { get; set; } = 15;

    public int RefreshTokenDays { get; set; } = 30;

    /// <summary>Whether <c>POST /api/v1/auth/register</c> is open to anyone.</summary>
    public bool AllowRegistration { get; set; } = true;

    public int MinPasswordLength { get; set; } = 8;

    /// <summary>Failed logins for one account, within <see cref="LockoutSeconds"/>, before it is locked for that long.</summary>
    public int MaxFailedLoginsPerAccount { get; set; } = 5;

    /// <summary>Failed logins from one client address, within <see cref="LockoutSeconds"/>, before it is blocked for that long.</summary>
    public int MaxFailedLoginsPerClient { get; set; } = 20;

    public int LockoutSeconds { get; set; } = 300;

    /// <summary>With <see cref="AdminPassword"/>: creates this admin on start when no admin exists.</summary>
    public string? AdminEmail { get; set; }

    public string? AdminPassword { get; set; }
}

internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        if (options.JwtSecret is { Length: > 0 and < 32 })
        {
            failures.Add("FastCms:Auth:JwtSecret must be at least 32 characters long (or empty to generate one).");
        }

        Range(failures, "AccessTokenMinutes", options.AccessTokenMinutes, 1, 24 * 60);
        Range(failures, "RefreshTokenDays", options.RefreshTokenDays, 1, 365);
        Range(failures, "MinPasswordLength", options.MinPasswordLength, 6, 128);
        Range(failures, "MaxFailedLoginsPerAccount", options.MaxFailedLoginsPerAccount, 1, 1000);
        Range(failures, "MaxFailedLoginsPerClient", options.MaxFailedLoginsPerClient, 1, 100_000);
        Range(failures, "LockoutSeconds", options.LockoutSeconds, 1, 24 * 3600);
        if (string.IsNullOrWhiteSpace(options.AdminEmail) != string.IsNullOrWhiteSpace(options.AdminPassword))
        {
            failures.Add("FastCms:Auth:AdminEmail and FastCms:Auth:AdminPassword must be set together.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Range(List<string> failures, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            failures.Add($"FastCms:Auth:{key} must be between {min} and {max} (got {value}).");
        }
    }
}
