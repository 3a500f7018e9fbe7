using System.Text.RegularExpressions;

namespace FastCms.Auth;

internal static partial class EmailAddress
{
    public const int MaxLength = 254;

    public static bool IsValid(string? email) =>
        email is { Length: > 0 and <= MaxLength } && Pattern().IsMatch(email.Trim());

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s.]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
