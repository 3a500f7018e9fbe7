using Microsoft.Extensions.Options;

namespace FastCms.Metrics;

/// <summary>Settings of section <c>FastCms:Metrics</c>.</summary>
internal sealed class MetricsOptions
{
    public const string Section = "FastCms:Metrics";

    public const int MinScrapeTokenLength = 16;

    /// <summary>
    /// Whether requests are measured and the metrics endpoints serve data. Off removes the request middleware and
    /// the metrics pipeline entirely (used to measure their overhead).
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// A secret that lets a Prometheus server read <c>/api/v1/admin/metrics/prometheus</c> with
    /// <c>Authorization: Bearer &lt;token&gt;</c> instead of an admin's access token. Empty disables it.
    /// </summary>
    public string? ScrapeToken { get; set; }
}

internal sealed class MetricsOptionsValidator : IValidateOptions<MetricsOptions>
{
    public ValidateOptionsResult Validate(string? name, MetricsOptions options) =>
        options.ScrapeToken is { Length: > 0 and < MetricsOptions.MinScrapeTokenLength }
            ? ValidateOptionsResult.Fail(
                $"FastCms:Metrics:ScrapeToken must be at least {MetricsOptions.MinScrapeTokenLength} characters long (use a random value, e.g. `openssl rand -hex 32`).")
            : ValidateOptionsResult.Success;
}
