using System.Security.Cryptography;

namespace FastCms.Data;

/// <summary>15-character random ids from <c>[a-z0-9]</c> (about 77 bits), as PocketBase uses.</summary>
internal static class RandomId
{
    public const int Length = 15;

    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    // The same characters in ordinal order, for the time part of time-ordered ids.
    private const string Digits = "0123456789abcdefghijklmnopqrstuvwxyz";

    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>
    /// An id of the same form whose first 8 characters are the time in milliseconds (base 36, in order until 2059) and the
    /// other 7 random (about 36 bits per millisecond): rows keyed by it are appended at the end of their index instead of
    /// landing on a random page, which keeps inserts into busy tables such as the outbox cheap.
    /// </summary>
    public static string TimeOrdered(DateTimeOffset now)
    {
        Span<char> id = stackalloc char[Length];
        WriteTime(id, now);
        RandomNumberGenerator.GetItems(Alphabet, id[TimeLength..]);
        return new string(id);
    }

    /// <summary>
    /// The time part of the ids made at <paramref name="at"/>: every time-ordered id made earlier sorts (ordinally) before
    /// it, every one made then or later after it, so a key range can find old rows.
    /// </summary>
    public static string TimeBound(DateTimeOffset at)
    {
        Span<char> time = stackalloc char[TimeLength];
        WriteTime(time, at);
        return new string(time);
    }

    private const int TimeLength = 8;

    private static void WriteTime(Span<char> id, DateTimeOffset at)
    {
        var millis = (ulong)Math.Max(0, at.ToUnixTimeMilliseconds());
        for (var i = TimeLength - 1; i >= 0; i--)
        {
            id[i] = Digits[(int)(millis % 36)];
            millis /= 36;
        }
    }

    public static bool IsValid(string? value)
    {
        if (value is null || value.Length != Length)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9')))
            {
                return false;
            }
        }

        return true;
    }
}
