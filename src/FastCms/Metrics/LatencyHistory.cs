using Microsoft.Extensions.Options;

namespace FastCms.Metrics;

/// <summary>Requests finished in one window, with their latency in milliseconds.</summary>
/// <param name="Complete">False for the window still running (it ends now).</param>
internal sealed record LatencyWindow(
    DateTimeOffset Start, DateTimeOffset End, long Requests, long Errors, double Mean, double P50, double P95, bool Complete);

internal sealed record LatencyHistoryResponse(int IntervalSeconds, IReadOnlyList<LatencyWindow> Windows);

/// <summary>
/// Request latency over the last minutes, for charts: every <see cref="Interval"/> the cumulative request histogram
/// is read and the difference to the previous reading becomes one window. Keeps <see cref="Capacity"/> windows.
/// </summary>
internal sealed class LatencyHistory(MetricsCollector collector, TimeProvider time, IOptions<MetricsOptions> options) : BackgroundService
{
    public const int Capacity = 90;

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly Queue<LatencyWindow> _windows = new();
    private Totals _last = Totals.Empty(time.GetUtcNow());

    /// <summary>The completed windows, oldest first, followed by the running one.</summary>
    public LatencyHistoryResponse Read()
    {
        lock (_gate)
        {
            var now = Totals.Read(collector.Collect(), time.GetUtcNow());
            return new LatencyHistoryResponse((int)Interval.TotalSeconds, [.. _windows, Window(_last, now, complete: false)]);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            lock (_gate)
            {
                var now = Totals.Read(collector.Collect(), time.GetUtcNow());
                _windows.Enqueue(Window(_last, now, complete: true));
                while (_windows.Count > Capacity)
                {
                    _windows.Dequeue();
                }

                _last = now;
            }
        }
    }

    private static LatencyWindow Window(Totals from, Totals to, bool complete)
    {
        var bounds = to.Bounds.Length > 0 ? to.Bounds : from.Bounds;
        var counts = new long[bounds.Length + 1];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = Math.Max(0, to.CountAt(i) - from.CountAt(i));
        }

        var requests = counts.Sum();
        double Ms(double seconds) => Math.Round(seconds * 1000, 3);
        return new LatencyWindow(
            from.At, to.At, requests, Math.Max(0, to.Errors - from.Errors),
            requests == 0 ? 0 : Ms((to.Sum - from.Sum) / requests),
            Ms(Quantiles.Estimate(bounds, counts, 0.5)),
            Ms(Quantiles.Estimate(bounds, counts, 0.95)),
            complete);
    }

    /// <summary>The request histogram summed over all routes and methods, and the 5xx count, at one instant.</summary>
    private sealed record Totals(DateTimeOffset At, double[] Bounds, long[] Counts, double Sum, long Errors)
    {
        public static Totals Empty(DateTimeOffset at) => new(at, [], [], 0, 0);

        public long CountAt(int bucket) => bucket < Counts.Length ? Counts[bucket] : 0;

        public static Totals Read(IEnumerable<MetricSeries> series, DateTimeOffset at)
        {
            double[] bounds = [];
            long[] counts = [];
            double sum = 0;
            long errors = 0;
            foreach (var s in series)
            {
                if (s is { Name: HttpMetrics.DurationName, Histogram: { } h })
                {
                    if (counts.Length == 0)
                    {
                        bounds = h.Bounds;
                        counts = new long[h.Counts.Length];
                    }

                    for (var i = 0; i < counts.Length && i < h.Counts.Length; i++)
                    {
                        counts[i] += h.Counts[i];
                    }

                    sum += h.Sum;
                }
                else if (s.Name == HttpMetrics.ErrorsName)
                {
                    errors += (long)s.Value;
                }
            }

            return new Totals(at, bounds, counts, sum, errors);
        }
    }
}
