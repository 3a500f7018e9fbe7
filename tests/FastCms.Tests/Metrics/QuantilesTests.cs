using FastCms.Metrics;

namespace FastCms.Tests.Metrics;

public sealed class QuantilesTests
{
    private static readonly double[] Bounds = [1, 2, 5, 10];

    [Fact]
    public void Estimate_EmptyHistogram_ReturnsZero() =>
        Assert.Equal(0, Quantiles.Estimate(Bounds, [0, 0, 0, 0, 0], 0.5));

    [Fact]
    public void Estimate_UniformInOneBucket_InterpolatesLinearly()
    {
        // 10 observations in (2, 5]: the median sits halfway through the bucket.
        long[] counts = [0, 0, 10, 0, 0];
        Assert.Equal(3.5, Quantiles.Estimate(Bounds, counts, 0.5), 6);
        Assert.Equal(5.0, Quantiles.Estimate(Bounds, counts, 1.0), 6);
    }

    [Fact]
    public void Estimate_MinAndMaxKnown_NarrowsTheBucket()
    {
        long[] counts = [0, 0, 4, 0, 0];
        Assert.Equal(3.0, Quantiles.Estimate(Bounds, counts, 0.5, min: 3, max: 3), 6);
        Assert.InRange(Quantiles.Estimate(Bounds, counts, 0.99, min: 2.5, max: 4), 2.5, 4);
    }

    [Fact]
    public void Estimate_TailInOverflowBucket_UsesMaxOrLastBound()
    {
        long[] counts = [98, 0, 0, 0, 2];
        Assert.InRange(Quantiles.Estimate(Bounds, counts, 0.5), 0, 1);
        Assert.InRange(Quantiles.Estimate(Bounds, counts, 0.99, min: 0.1, max: 40), 10, 40);
        Assert.Equal(10, Quantiles.Estimate(Bounds, counts, 0.99), 6);
    }

    [Fact]
    public void Estimate_IncreasingQuantiles_NeverDecrease()
    {
        long[] counts = [5, 0, 7, 1, 3];
        var previous = 0d;
        for (var q = 0.01; q <= 1; q += 0.01)
        {
            var value = Quantiles.Estimate(Bounds, counts, q, min: 0.2, max: 30);
            Assert.True(value >= previous, $"q={q}: {value} < {previous}");
            previous = value;
        }
    }
}
