namespace FastCms.Metrics;

/// <summary>Quantile estimates from histogram buckets.</summary>
internal static class Quantiles
{
    /// <summary>
    /// Estimates quantile <paramref name="q"/> by linear interpolation inside the bucket that holds the q-th
    /// observation, as Prometheus' <c>histogram_quantile</c> does, narrowed to the observed minimum and maximum
    /// when they are known (so a histogram of equal values yields that value). Returns 0 for an empty histogram.
    /// </summary>
    /// <param name="bounds">Upper bounds of the finite buckets, ascending.</param>
    /// <param name="counts">Observations per bucket (not cumulative); one more entry than bounds, the last for +Inf.</param>
    /// <param name="q">The quantile, between 0 and 1.</param>
    /// <param name="min">The smallest observation, or NaN when unknown.</param>
    /// <param name="max">The largest observation, or NaN when unknown.</param>
    public static double Estimate(ReadOnlySpan<double> bounds, ReadOnlySpan<long> counts, double q, double min = double.NaN, double max = double.NaN)
    {
        long total = 0;
        foreach (var count in counts)
        {
            total += count;
        }

        if (total == 0)
        {
            return 0;
        }

        var rank = Math.Clamp(q, 0, 1) * total;
        long below = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            var inBucket = counts[i];
            if (inBucket == 0 || below + inBucket < rank)
            {
                below += inBucket;
                continue;
            }

            var lower = i == 0 ? (double.IsNaN(min) ? 0 : min) : bounds[i - 1];
            var upper = i < bounds.Length ? bounds[i] : (double.IsNaN(max) ? lower : max);
            if (!double.IsNaN(min))
            {
                lower = Math.Max(lower, min);
            }

            if (!double.IsNaN(max))
            {
                upper = Math.Min(upper, max);
            }

            upper = Math.Max(upper, lower);
            return lower + ((upper - lower) * ((rank - below) / inBucket));
        }

        return double.IsNaN(max) ? bounds[^1] : max;
    }
}
