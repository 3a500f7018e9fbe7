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

    /// <summary>
    /// How many tag combinations (series) each FastCMS or plugin metric keeps; more are counted in one extra series tagged
    /// <c>otel_metric_overflow="true"</c>. Every series is reserved up front, for each of the two readers (Prometheus and
    /// the JSON snapshot), so this bounds the metrics' memory.
    /// </summary>
    public int MaxSeriesPerMetric { get; set; } = 1000;
}

internal sealed class MetricsOptionsValidator : IValidateOptions<MetricsOptions>
{
    public ValidateOptionsResult Validate(string? name, MetricsOptions options)
    {
        if (options.ScrapeToken is { Length: > 0 and < MetricsOptions.MinScrapeTokenLength })
        {
            return ValidateOptionsResult.Fail(
                $"FastCms:Metrics:ScrapeToken must be at least {MetricsOptions.MinScrapeTokenLength} characters long (use a random value, e.g. `openssl rand -hex 32`).");
        }

        return options.MaxSeriesPerMetric is < 10 or > 100_000
            ? ValidateOptionsResult.Fail($"FastCms:Metrics:MaxSeriesPerMetric must be between 10 and 100000 (it is {options.MaxSeriesPerMetric}).")
            : ValidateOptionsResult.Success;
    }
}
