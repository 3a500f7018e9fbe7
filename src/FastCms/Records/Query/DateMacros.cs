namespace FastCms.Records.Query;

/// <summary>Date macros of the filter language, evaluated in UTC when the filter runs.</summary>
internal static class DateMacros
{
    private static readonly string[] Names =
        ["now", "today", "todayStart", "todayEnd", "yesterday", "tomorrow", "monthStart", "monthEnd", "yearStart", "yearEnd"];

    public static string List { get; } = string.Join(", ", Names.Select(n => "@" + n));

    public static bool IsKnown(string name) => Names.Contains(name, StringComparer.Ordinal);

    /// <summary>The instant a macro stands for; the <c>…End</c> macros are the last millisecond of the period.</summary>
    public static DateTimeOffset Evaluate(string name, DateTimeOffset now)
    {
        now = now.ToUniversalTime();
        var today = new DateTimeOffset(now.Year, now.Month, now.Day, 0, 0, 0, TimeSpan.Zero);
        var month = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var year = new DateTimeOffset(now.Year, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var millisecond = TimeSpan.FromMilliseconds(1);
        return name switch
        {
            "now" => now,
            "today" or "todayStart" => today,
            "todayEnd" => today.AddDays(1) - millisecond,
            "yesterday" => today.AddDays(-1),
            "tomorrow" => today.AddDays(1),
            "monthStart" => month,
            "monthEnd" => month.AddMonths(1) - millisecond,
            "yearStart" => year,
            "yearEnd" => year.AddYears(1) - millisecond,
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown date macro."),
        };
    }
}
