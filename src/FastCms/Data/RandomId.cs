using System.Security.Cryptography;

namespace FastCms.Data;

/// <summary>15-character random ids from <c>[a-z0-9]</c> (about 77 bits), as PocketBase uses.</summary>
internal static class RandomId
{
    public const int Length = 15;

    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);

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
