using System.Text;

namespace FastCms.Metrics;

/// <param name="Mean">Exact: the sum of the observations divided by their count.</param>
/// <param name="P50">Estimated from the histogram buckets, as are <paramref name="P95"/> and <paramref name="P99"/>.</param>
/// <param name="Max">Exact: the largest observation.</param>
/// <param name="Unit"><c>ms</c> for durations (recorded in seconds, reported in milliseconds), else the instrument's unit.</param>
internal sealed record HistogramSummary(long Count, double Mean, double P50, double P95, double P99, double Max, string Unit);

/// <summary>
/// The JSON form of every exported series, keyed <c>name{label="value",…}</c> with labels sorted by name
/// (Prometheus notation, values escaped).
/// </summary>
internal sealed record MetricsSnapshot(
    double UptimeSeconds,
    SortedDictionary<string, double> Counters,
    SortedDictionary<string, double> Gauges,
    SortedDictionary<string, HistogramSummary> Histograms)
{
    public static MetricsSnapshot From(IEnumerable<MetricSeries> series, TimeSpan uptime)
    {
        var snapshot = new MetricsSnapshot(Math.Round(uptime.TotalSeconds, 3), new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal));
        foreach (var s in series)
        {
            var key = Key(s.Name, s.Labels);
            switch (s.Kind)
            {
                case SeriesKind.Counter:
                    snapshot.Counters[key] = s.Value;
                    break;
                case SeriesKind.Gauge:
                    snapshot.Gauges[key] = s.Value;
                    break;
                case SeriesKind.Histogram when s.Histogram is { } h:
                    snapshot.Histograms[key] = Summarize(h, s.Unit);
                    break;
            }
        }

        return snapshot;
    }

    public static HistogramSummary Summarize(HistogramData h, string unit)
    {
        var (scale, reportedUnit) = unit == "s" ? (1000d, "ms") : (1d, unit);
        double Quantile(double q) => Round(Quantiles.Estimate(h.Bounds, h.Counts, q, h.Min, h.Max) * scale);
        return new HistogramSummary(h.Count, h.Count == 0 ? 0 : Round(h.Sum / h.Count * scale), Quantile(0.5), Quantile(0.95), Quantile(0.99),
            h.Count == 0 || double.IsNaN(h.Max) ? 0 : Round(h.Max * scale), reportedUnit);
    }

    public static string Key(string name, IReadOnlyList<KeyValuePair<string, string>> labels)
    {
        if (labels.Count == 0)
        {
            return name;
        }

        var key = new StringBuilder(name).Append('{');
        for (var i = 0; i < labels.Count; i++)
        {
            if (i > 0)
            {
                key.Append(',');
            }

            key.Append(labels[i].Key).Append("=\"");
            foreach (var c in labels[i].Value)
            {
                _ = c switch
                {
                    '\\' => key.Append(@"\\"),
                    '"' => key.Append("\\\""),
                    '\n' => key.Append(@"\n"),
                    _ => key.Append(c),
                };
            }

            key.Append('"');
        }

        return key.Append('}').ToString();
    }

    private static double Round(double value) => Math.Round(value, 3);
}
