using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using FastCms.Collections;
using FastCms.Data;

namespace FastCms.Records.Query;

/// <summary>Constants of the filter language: typing them for a column, and comparing two of them directly.</summary>
internal static class Constants
{
    public static bool IsNullLike(object? value) => value is null or string { Length: 0 };

    /// <summary>The parameter value for comparing <paramref name="value"/> with a column of <paramref name="kind"/>.</summary>
    public static object ToParameter(object value, ValueKind kind, SqlDialect dialect, Operand at, string against)
    {
        switch (kind)
        {
            case ValueKind.Text:
                return value switch
                {
                    string s => s,
                    DateTimeOffset d => Kernel.UtcTimestamp.ToText(d),
                    _ => throw Mismatch(at, against, "text", "a string in quotes"),
                };
            case ValueKind.Number:
                return value switch
                {
                    double d => d,
                    string s when at is RequestOperand && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
                    _ => throw Mismatch(at, against, "a number", "a number"),
                };
            case ValueKind.Bool:
                return value switch
                {
                    bool b => b,
                    string s when at is RequestOperand && bool.TryParse(s, out var b) => b,
                    _ => throw Mismatch(at, against, "a boolean", "true or false"),
                };
            case ValueKind.Date:
                return dialect.Date(DateOnly.FromDateTime(
                    ToInstant(value, at, against, "a date", "a date such as \"2024-05-31\" or a date macro").UtcDateTime));
            case ValueKind.DateTime:
                return dialect.Timestamp(ToInstant(value, at, against, "a date and time", "a date/time such as \"2024-05-31T12:00:00Z\" or a date macro"));
            default:
                throw new FilterException(
                    $"'{against}' holds JSON; it can only be compared with null, \"\" or with ~ / !~ (position {at.Position}).", at.Position, "null or ~");
        }
    }

    /// <summary>A LIKE pattern for <c>~</c>: <c>%</c> is the wildcard; without one the value matches anywhere.</summary>
    public static string LikePattern(string value)
    {
        var escaped = value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
        return value.Contains('%') ? escaped : "%" + escaped + "%";
    }

    /// <summary>Compares two constants the way the database would compare a column with a parameter.</summary>
    public static bool Fold(object? left, CompareOp op, object? right) => op switch
    {
        CompareOp.Equal => AreEqual(left, right),
        CompareOp.NotEqual => !AreEqual(left, right),
        CompareOp.Like => IsLike(left, right),
        CompareOp.NotLike => !IsLike(left, right),
        _ => Order(left, right) is { } order && op switch
        {
            CompareOp.Greater => order > 0,
            CompareOp.GreaterOrEqual => order >= 0,
            CompareOp.Less => order < 0,
            _ => order <= 0,
        },
    };

    private static bool AreEqual(object? left, object? right) =>
        IsNullLike(left) || IsNullLike(right) ? IsNullLike(left) && IsNullLike(right) : Order(left, right) == 0 || Equals(left, right);

    private static int? Order(object? left, object? right) => (left, right) switch
    {
        (double a, double b) => a.CompareTo(b),
        (string a, string b) => string.CompareOrdinal(a, b),
        (DateTimeOffset a, DateTimeOffset b) => a.CompareTo(b),
        (DateTimeOffset a, string b) when TryInstant(b, out var d) => a.CompareTo(d),
        (string a, DateTimeOffset b) when TryInstant(a, out var d) => d.CompareTo(b),
        (bool a, bool b) when a == b => 0,
        _ => null,
    };

    private static bool IsLike(object? left, object? right)
    {
        if (left is not string text || right is not string pattern)
        {
            return false;
        }

        var regex = new StringBuilder("^");
        foreach (var part in LikePattern(pattern).Replace("\\_", "_", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal).Split('%'))
        {
            regex.Append(Regex.Escape(part)).Append(".*");
        }

        regex.Length -= 2;
        return Regex.IsMatch(text, regex.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
    }

    private static DateTimeOffset ToInstant(object value, Operand at, string against, string what, string expected) => value switch
    {
        DateTimeOffset d => d,
        string s when TryInstant(s, out var d) => d,
        _ => throw Mismatch(at, against, what, expected),
    };

    public static bool TryInstant(string text, out DateTimeOffset value)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            value = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }

    private static FilterException Mismatch(Operand at, string against, string what, string expected) =>
        new($"'{against}' holds {what}; the value at position {at.Position} does not match.", at.Position, expected);
}
