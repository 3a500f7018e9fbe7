using System.Diagnostics.Metrics;

namespace FastCms.Metrics;

/// <summary>
/// The host's instruments on <see cref="System.Diagnostics.Metrics"/>, so any exporter (Prometheus,
/// OpenTelemetry) can read them.
/// </summary>
public static class FastCmsMeter
{
    public const string Name = "FastCms";

    public static readonly Meter Meter = new(Name);

    public static readonly Histogram<double> HookDuration = Meter.CreateHistogram<double>(
        "fastcms_plugin_hook_duration_seconds", "s", "Time spent in record hooks, per owner, event and phase.");

    public static readonly Counter<long> HookErrors = Meter.CreateCounter<long>(
        "fastcms_plugin_hook_errors_total", description: "Record hooks that threw (rejections excluded), per owner, event and phase.");

    public static readonly Counter<long> JobRuns = Meter.CreateCounter<long>(
        "fastcms_job_runs_total", description: "Scheduled job runs on this instance, per owner, job and result (succeeded, failed, skipped).");

    public static readonly Counter<long> JobErrors = Meter.CreateCounter<long>(
        "fastcms_job_errors_total", description: "Scheduled job runs that threw, per owner and job.");

    public static readonly Histogram<double> JobDuration = Meter.CreateHistogram<double>(
        "fastcms_job_duration_seconds", "s", "Time spent in scheduled job runs, per owner and job.");
}
