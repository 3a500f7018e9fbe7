using Microsoft.Extensions.Options;

namespace FastCms.RateLimits;

/// <summary>Settings of section <c>FastCms:RateLimits</c>: requests per client address and window, per policy.</summary>
internal sealed class RateLimitOptions
{
    public const string Section = "FastCms:RateLimits";

    /// <summary><c>POST /api/v1/auth/register</c>: each request costs a password hash.</summary>
    public RateLimit Register { get; set; } = new() { PermitLimit = 10, WindowSeconds = 60 };

    /// <summary><c>POST /api/v1/auth/login</c>, on top of the failed-login lockout.</summary>
    public RateLimit Login { get; set; } = new() { PermitLimit = 30, WindowSeconds = 60 };

    /// <summary>Change-password, <c>PATCH /api/v1/auth/me</c> and first-run setup: requests that check or hash a password.</summary>
    public RateLimit Password { get; set; } = new() { PermitLimit = 10, WindowSeconds = 60 };

    /// <summary><c>POST /api/v1/auth/refresh</c>.</summary>
    public RateLimit Refresh { get; set; } = new() { PermitLimit = 60, WindowSeconds = 60 };

    public IEnumerable<(string Name, RateLimit Limit)> All =>
    [
        (nameof(Register), Register),
        (nameof(Login), Login),
        (nameof(Password), Password),
        (nameof(Refresh), Refresh),
    ];
}

/// <summary>At most <see cref="PermitLimit"/> requests per client address in each window of <see cref="WindowSeconds"/>.</summary>
internal sealed class RateLimit
{
    public int PermitLimit { get; set; }

    public int WindowSeconds { get; set; }
}

internal sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var failures = new List<string>();
        foreach (var (policy, limit) in options.All)
        {
            if (limit.PermitLimit is < 1 or > 1_000_000)
            {
                failures.Add($"{RateLimitOptions.Section}:{policy}:PermitLimit must be between 1 and 1000000 (got {limit.PermitLimit}).");
            }

            if (limit.WindowSeconds is < 1 or > 24 * 3600)
            {
                failures.Add($"{RateLimitOptions.Section}:{policy}:WindowSeconds must be between 1 and 86400 (got {limit.WindowSeconds}).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
