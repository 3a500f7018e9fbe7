using System.Diagnostics;
using System.Diagnostics.Metrics;
using FastCms.Plugins.Events;

namespace FastCms.Kernel;

/// <summary>
/// The host's process-wide instruments on <see cref="System.Diagnostics.Metrics"/>, so any exporter (Prometheus,
/// OpenTelemetry) can read them. Request instruments are per server instance: see <c>Metrics/HttpMetrics.cs</c>.
/// </summary>
internal static class FastCmsMeter
{
    public const string Name = "FastCms";

    /// <summary>Plugins get a meter named this prefix plus their id; every such meter is exported.</summary>
    public const string PluginMeterPrefix = "FastCms.Plugins.";

    /// <summary>Bucket bounds (seconds) for latencies of a fast API: 100 µs to 10 s.</summary>
    public static readonly IReadOnlyList<double> LatencyBuckets =
        [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    public static readonly Meter Meter = new(Name);

    public static readonly Histogram<double> HookDuration = Meter.CreateHistogram(
        "fastcms_plugin_hook_duration_seconds", "s", "Time spent in record hooks, per owner, event and phase.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

    public static readonly Counter<long> HookErrors = Meter.CreateCounter<long>(
        "fastcms_plugin_hook_errors_total", description: "Record hooks that threw (rejections excluded), per owner, event and phase.");

    public static readonly Counter<long> JobRuns = Meter.CreateCounter<long>(
        "fastcms_job_runs_total", description: "Scheduled job runs on this instance, per owner, job and result (succeeded, failed, skipped).");

    public static readonly Counter<long> JobErrors = Meter.CreateCounter<long>(
        "fastcms_job_errors_total", description: "Scheduled job runs that threw, per owner and job.");

    public static readonly Histogram<double> JobDuration = Meter.CreateHistogram<double>(
        "fastcms_job_duration_seconds", "s", "Time spent in scheduled job runs, per owner and job.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

    public static readonly Counter<long> RecordsWritten = Meter.CreateCounter<long>(
        "fastcms_records_written_total", description: "Records created, updated or deleted, per collection and operation.");

    /// <summary>Counts one committed record write; call it after the transaction commits.</summary>
    /// <param name="collection">The collection name.</param>
    /// <param name="operation">Create, update or delete (label <c>op</c>: <c>create</c>, <c>update</c>, <c>delete</c>).</param>
    public static void RecordWritten(string collection, RecordOperation operation) =>
        RecordsWritten.Add(1, new TagList { { "collection", collection }, { "op", operation.MetricLabel() } });
}
