using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace FastCms.Metrics;

internal enum SeriesKind
{
    Counter,
    Gauge,
    Histogram,
}

/// <summary>A histogram's cumulative state: bucket <see cref="Counts"/> has one more entry (+Inf) than <see cref="Bounds"/>.</summary>
internal sealed record HistogramData(long Count, double Sum, double Min, double Max, double[] Bounds, long[] Counts);

/// <summary>One time series: an instrument and one combination of its labels (sorted by name).</summary>
internal sealed record MetricSeries(
    string Name, string Unit, SeriesKind Kind, KeyValuePair<string, string>[] Labels, double Value, HistogramData? Histogram);

/// <summary>
/// Reads every exported instrument on demand through its own OpenTelemetry reader (cumulative), for the JSON
/// snapshot and the latency history. The Prometheus exporter has its own reader; both see the same measurements.
/// </summary>
internal sealed class MetricsCollector
{
    private const int CollectTimeoutMilliseconds = 5_000;

    private readonly Lock _gate = new();
    private readonly SeriesExporter _exporter = new();

    public MetricsCollector()
    {
        Reader = new BaseExportingMetricReader(_exporter) { TemporalityPreference = MetricReaderTemporalityPreference.Cumulative };
    }

    /// <summary>The reader to register with the meter provider, which owns (and disposes) it.</summary>
    public MetricReader Reader { get; }

    public IReadOnlyList<MetricSeries> Collect()
    {
        lock (_gate)
        {
            var series = new List<MetricSeries>();
            _exporter.Target = series;
            try
            {
                Reader.Collect(CollectTimeoutMilliseconds);
            }
            finally
            {
                _exporter.Target = null;
            }

            return series;
        }
    }

    private sealed class SeriesExporter : BaseExporter<Metric>
    {
        /// <summary>Where the collection in progress goes; exports outside <see cref="Collect"/> (at shutdown) are dropped.</summary>
        public List<MetricSeries>? Target { get; set; }

        public override ExportResult Export(in Batch<Metric> batch)
        {
            if (Target is not { } series)
            {
                return ExportResult.Success;
            }

            foreach (var metric in batch)
            {
                var kind = metric.MetricType switch
                {
                    MetricType.LongSum or MetricType.DoubleSum => SeriesKind.Counter,
                    MetricType.Histogram => SeriesKind.Histogram,
                    MetricType.ExponentialHistogram => (SeriesKind?)null,
                    _ => SeriesKind.Gauge,
                };
                if (kind is not { } known)
                {
                    continue;
                }

                foreach (ref readonly var point in metric.GetMetricPoints())
                {
                    series.Add(ToSeries(metric, known, point));
                }
            }

            return ExportResult.Success;
        }

        private static MetricSeries ToSeries(Metric metric, SeriesKind kind, in MetricPoint point)
        {
            var labels = new List<KeyValuePair<string, string>>();
            foreach (var tag in point.Tags)
            {
                labels.Add(new(tag.Key, Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? ""));
            }

            labels.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            var value = metric.MetricType switch
            {
                MetricType.LongSum or MetricType.LongSumNonMonotonic => point.GetSumLong(),
                MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic => point.GetSumDouble(),
                MetricType.LongGauge => point.GetGaugeLastValueLong(),
                MetricType.DoubleGauge => point.GetGaugeLastValueDouble(),
                _ => 0d,
            };
            return new MetricSeries(metric.Name, metric.Unit, kind, [.. labels], value, kind == SeriesKind.Histogram ? Histogram(point) : null);
        }

        private static HistogramData Histogram(in MetricPoint point)
        {
            var bounds = new List<double>();
            var counts = new List<long>();
            foreach (var bucket in point.GetHistogramBuckets())
            {
                if (!double.IsPositiveInfinity(bucket.ExplicitBound))
                {
                    bounds.Add(bucket.ExplicitBound);
                }

                counts.Add(bucket.BucketCount);
            }

            var count = point.GetHistogramCount();
            var hasMinMax = point.TryGetHistogramMinMaxValues(out var min, out var max);
            return new HistogramData(count, point.GetHistogramSum(), hasMinMax ? min : double.NaN, hasMinMax ? max : double.NaN, [.. bounds], [.. counts]);
        }
    }
}
