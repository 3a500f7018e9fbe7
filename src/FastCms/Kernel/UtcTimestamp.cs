using System.Globalization;

namespace FastCms.Kernel;

/// <summary>
/// The one text form of instants, in the API and in SQLite: UTC ISO 8601 with milliseconds
/// (<c>2026-01-31T12:00:00.000Z</c>, always 24 characters, so text order is time order). Written and read by hand:
/// every record read and written goes through here, and the general-purpose date parser and custom-format writer
/// were a visible share of the CPU time of listing records.
/// </summary>
internal static class UtcTimestamp
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public const int Length = 24;

    public static string ToText(DateTimeOffset instant) =>
        string.Create(Length, instant.UtcDateTime, static (text, utc) => Write(text, utc));

    /// <summary>Writes the 24 characters into <paramref name="text"/>.</summary>
    public static void Write(Span<char> text, DateTime utc)
    {
        Digits(text[..4], utc.Year);
        text[4] = '-';
        Digits(text[5..7], utc.Month);
        text[7] = '-';
        Digits(text[8..10], utc.Day);
        text[10] = 'T';
        Digits(text[11..13], utc.Hour);
        text[13] = ':';
        Digits(text[14..16], utc.Minute);
        text[16] = ':';
        Digits(text[17..19], utc.Second);
        text[19] = '.';
        Digits(text[20..23], utc.Millisecond);
        text[23] = 'Z';
    }

    /// <summary>Reads the form above quickly, and any other ISO 8601 text (taken as UTC without an offset) the general way.</summary>
    public static DateTimeOffset Parse(string text)
    {
        if (text.Length == Length && text[4] == '-' && text[7] == '-' && text[10] == 'T' && text[13] == ':' && text[16] == ':'
            && text[19] == '.' && text[23] == 'Z'
            && TryNumber(text, 0, 4, out var year) && TryNumber(text, 5, 2, out var month) && TryNumber(text, 8, 2, out var day)
            && TryNumber(text, 11, 2, out var hour) && TryNumber(text, 14, 2, out var minute) && TryNumber(text, 17, 2, out var second)
            && TryNumber(text, 20, 3, out var millisecond)
            && year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month) && hour < 24 && minute < 60 && second < 60)
        {
            return new DateTimeOffset(year, month, day, hour, minute, second, millisecond, TimeSpan.Zero);
        }

        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
    }

    private static void Digits(Span<char> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }

    private static bool TryNumber(string text, int start, int length, out int value)
    {
        value = 0;
        for (var i = start; i < start + length; i++)
        {
            var digit = text[i] - '0';
            if ((uint)digit > 9)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }
}
