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
}
