using System.Diagnostics;
using System.Diagnostics.Metrics;
using FastCms.Kernel;

namespace FastCms.Realtime;

/// <summary>
/// The realtime instruments of this instance (on the host's <c>FastCms</c> meter, so they reach the JSON snapshot and
/// Prometheus), plus the figures the admin metrics page shows directly.
/// </summary>
internal sealed class RealtimeMetrics
{
    /// <summary>Fan-out latency bounds (seconds): 0.1 ms to 10 s.</summary>
    private static readonly IReadOnlyList<double> FanoutBuckets = FastCmsMeter.LatencyBuckets;

    private readonly Counter<long> _sent;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _checks;
    private readonly Histogram<double> _fanout;
    private readonly long[] _stamps = new long[16];
    private readonly long[] _counts = new long[16];
    private long _messages;

    public RealtimeMetrics(IMeterFactory meterFactory, ClientRegistry clients)
    {
        var meter = meterFactory.Create(FastCmsMeter.Name);
        meter.CreateObservableGauge("fastcms_realtime_connections", () => clients.OpenStreams, description: "Open realtime streams on this instance.");
        meter.CreateObservableGauge("fastcms_realtime_subscriptions", () => clients.Subscriptions, description: "Realtime topics subscribed on this instance.");
        _sent = meter.CreateCounter<long>("fastcms_realtime_messages_sent_total", description: "Realtime messages queued to clients' streams.");
        _dropped = meter.CreateCounter<long>(
            "fastcms_realtime_clients_dropped_total", description: "Realtime clients disconnected because their buffer was full (slow consumers).");
        _checks = meter.CreateCounter<long>(
            "fastcms_realtime_authorization_checks_total", description: "Rule and filter checks for realtime delivery, per mode (memory, sql).");
        _fanout = meter.CreateHistogram(
            "fastcms_realtime_fanout_seconds", "s", "Time from a write's commit to its message being queued for a subscriber.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = FanoutBuckets });
    }

    public long MessagesSent => Interlocked.Read(ref _messages);

    /// <summary>Messages queued per second, averaged over the last ten complete seconds.</summary>
    public double MessagesPerSecond
    {
        get
        {
            var now = Environment.TickCount64 / 1000;
            long sum = 0;
            for (var i = 0; i < _counts.Length; i++)
            {
                var stamp = Volatile.Read(ref _stamps[i]);
                sum += stamp >= now - 10 && stamp < now ? Volatile.Read(ref _counts[i]) : 0;
            }

            return sum / 10d;
        }
    }

    public void Sent(long receivedTimestamp)
    {
        _sent.Add(1);
        Interlocked.Increment(ref _messages);
        var now = Environment.TickCount64 / 1000;
        var slot = (int)(now & 15);
        if (Interlocked.Exchange(ref _stamps[slot], now) != now)
        {
            Interlocked.Exchange(ref _counts[slot], 0);
        }

        Interlocked.Increment(ref _counts[slot]);
        if (receivedTimestamp != 0)
        {
            _fanout.Record(Stopwatch.GetElapsedTime(receivedTimestamp).TotalSeconds);
        }
    }

    public void Dropped() => _dropped.Add(1);

    public void Checked(string mode) => _checks.Add(1, new KeyValuePair<string, object?>("mode", mode));
}
