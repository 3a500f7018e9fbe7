using System.Diagnostics;
using System.Diagnostics.Metrics;
using FastCms.Kernel;

namespace FastCms.Outbox;

/// <summary>The outbox's instruments, on the host's meter so that the JSON snapshot and Prometheus output include them.</summary>
internal static class OutboxMetrics
{
    private static long _depth;
    private static double _oldestSeconds;

    public static readonly Counter<long> Deliveries = FastCmsMeter.Meter.CreateCounter<long>(
        "fastcms_outbox_deliveries_total", description: "Delivery attempts, per consumer kind and outcome (delivered, failed, dead).");

    public static readonly Counter<long> Retries = FastCmsMeter.Meter.CreateCounter<long>(
        "fastcms_outbox_retries_total", description: "Delivery attempts after the first, per consumer kind.");

    public static readonly Histogram<double> Latency = FastCmsMeter.Meter.CreateHistogram(
        "fastcms_outbox_delivery_duration_seconds", "s", "Time one delivery attempt took, per consumer kind.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = FastCmsMeter.LatencyBuckets });

    public static readonly ObservableGauge<long> Depth = FastCmsMeter.Meter.CreateObservableGauge(
        "fastcms_outbox_depth", () => Volatile.Read(ref _depth), description: "Events not yet fanned out plus deliveries not yet made.");

    public static readonly ObservableGauge<double> OldestAge = FastCmsMeter.Meter.CreateObservableGauge(
        "fastcms_outbox_oldest_age_seconds", () => Volatile.Read(ref _oldestSeconds), "s", "Age of the oldest open outbox item.");

    public static void SetDepth(long depth, TimeSpan oldest)
    {
        Volatile.Write(ref _depth, depth);
        Volatile.Write(ref _oldestSeconds, oldest.TotalSeconds);
    }

    public static void Attempted(string prefix, OutboxDelivery delivery, DeliveryResult result, DateTimeOffset? retryAt)
    {
        var kind = prefix.TrimEnd(':');
        var outcome = result.Succeeded ? "delivered" : retryAt is null ? "dead" : "failed";
        Deliveries.Add(1, new TagList { { "consumer", kind }, { "outcome", outcome } });
        Latency.Record(result.Latency.TotalSeconds, new TagList { { "consumer", kind } });
        if (delivery.Attempt > 1)
        {
            Retries.Add(1, new TagList { { "consumer", kind } });
        }
    }
}
