using System.Globalization;
using System.Text;
using FastCms.Metrics;

namespace FastCms.Admin.Pages.Metrics;

/// <summary>The drawn chart and the labels the page puts around it.</summary>
/// <param name="Svg">The plot: lines and bars, no text (it stretches to the width of the page).</param>
/// <param name="MaxLatency">The latency at the top of the plot, in milliseconds.</param>
/// <param name="Span">How far back the first window starts.</param>
internal sealed record LatencyChart(string Svg, double MaxLatency, TimeSpan Span)
{
    private const double Width = 600, Height = 200;

    /// <summary>
    /// The latency history as an inline SVG drawn on the server: median and 95th percentile per window as lines,
    /// requests per window as bars. Colours come from the stylesheet (classes only, nothing inline, so the Content
    /// Security Policy needs no exception); windows without requests leave a gap in the lines.
    /// </summary>
    public static LatencyChart Draw(LatencyHistoryResponse history, string labelledBy)
    {
        var windows = history.Windows;
        var maxLatency = NiceCeiling(windows.Where(w => w.Requests > 0).Select(w => w.P95).DefaultIfEmpty(0).Max());
        var maxRequests = Math.Max(1, windows.Select(w => w.Requests).DefaultIfEmpty(0).Max());
        var slot = Width / Math.Max(1, windows.Count);
        double X(int i) => (slot * i) + (slot / 2);
        double Y(double ms) => Height - (ms / maxLatency * Height);

        var svg = new StringBuilder().Append(CultureInfo.InvariantCulture,
            $"<svg class=\"latency-chart\" viewBox=\"0 0 {Width} {Height}\" preserveAspectRatio=\"none\" role=\"img\" aria-labelledby=\"{labelledBy}\">");
        foreach (var fraction in new[] { 0.5, 1 })
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"0\" x2=\"{Width}\" y1=\"{Height * (1 - fraction):F1}\" y2=\"{Height * (1 - fraction):F1}\" vector-effect=\"non-scaling-stroke\"/>");
        }

        for (var i = 0; i < windows.Count; i++)
        {
            var height = (double)windows[i].Requests / maxRequests * Height * 0.4;
            if (height > 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar-requests\" x=\"{X(i) - (slot * 0.35):F1}\" y=\"{Height - height:F1}\" width=\"{slot * 0.7:F1}\" height=\"{height:F1}\"/>");
            }
        }

        svg.Append(Line("line-p95", windows, w => w.P95, X, Y)).Append(Line("line-p50", windows, w => w.P50, X, Y)).Append("</svg>");
        var span = windows.Count == 0 ? TimeSpan.Zero : windows[^1].End - windows[0].Start;
        return new LatencyChart(svg.ToString(), maxLatency, span);
    }

    /// <summary>"15 min ago", "40 s ago".</summary>
    public string SpanLabel => Span.TotalMinutes >= 1 ? $"{Span.TotalMinutes:F0} min ago" : $"{Math.Max(0, Span.TotalSeconds):F0} s ago";

    /// <summary>Path of one series; a window without requests breaks the line, a lone window is a dot.</summary>
    private static string Line(string cssClass, IReadOnlyList<LatencyWindow> windows, Func<LatencyWindow, double> value, Func<int, double> x, Func<double, double> y)
    {
        var path = new StringBuilder();
        for (var i = 0; i < windows.Count; i++)
        {
            if (windows[i].Requests == 0)
            {
                continue;
            }

            var point = string.Create(CultureInfo.InvariantCulture, $"{x(i):F1} {y(value(windows[i])):F1}");
            var continues = i > 0 && windows[i - 1].Requests > 0;
            var alone = !continues && (i == windows.Count - 1 || windows[i + 1].Requests == 0);
            path.Append(continues ? "L" : "M").Append(point).Append(alone ? $" L{point} " : " ");
        }

        return path.Length == 0 ? "" : $"<path class=\"{cssClass}\" d=\"{path.ToString().Trim()}\" vector-effect=\"non-scaling-stroke\"/>";
    }

    /// <summary>1, 2 or 5 times a power of ten, at least <paramref name="value"/> (and at least 1 ms).</summary>
    public static double NiceCeiling(double value)
    {
        if (value <= 1)
        {
            return 1;
        }

        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        return new[] { 1, 2, 5, 10 }.Select(m => m * power).First(n => n >= value);
    }

    /// <summary>Milliseconds for display: 0.42, 3.5, 120.</summary>
    public static string Ms(double value) => value switch
    {
        >= 100 => value.ToString("N0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("0.#", CultureInfo.InvariantCulture),
        _ => value.ToString("0.##", CultureInfo.InvariantCulture),
    };
}
