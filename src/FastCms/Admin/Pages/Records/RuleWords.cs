using System.Text.RegularExpressions;
using FastCms.Collections;

namespace FastCms.Admin.Pages.Records;

/// <summary>
/// An access rule in plain words for the API panel: the common shapes (public, admins only, signed-in users, the
/// signed-in user named in a field) read as a sentence; any other expression is shown as it is written.
/// </summary>
internal static partial class RuleWords
{
    public static string Describe(string operation, AccessRule rule)
    {
        if (rule.IsAdminsOnly)
        {
            return $"only admins can {operation}";
        }

        if (rule.IsPublic)
        {
            return $"anyone can {operation}";
        }

        var source = Whitespace().Replace(rule.Source!.Trim(), " ");
        if (SignedIn().IsMatch(source))
        {
            return $"signed-in users can {operation}";
        }

        var rest = SignedInAnd().Match(source) is { Success: true } and ? and.Groups["rest"].Value : source;
        if (OwnerField().Match(rest) is { Success: true } owner)
        {
            return $"{operation}: signed-in users where {owner.Groups["field"].Value} = @request.auth.id";
        }

        return rest == source
            ? $"{operation}: whoever matches {source}"
            : $"{operation}: signed-in users where {rest}";
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex("""^@request\.auth\.id\s*!=\s*(""|'')$""")]
    private static partial Regex SignedIn();

    [GeneratedRegex("""^@request\.auth\.id\s*!=\s*(""|'')\s*&&\s*(?<rest>.+)$""")]
    private static partial Regex SignedInAnd();

    [GeneratedRegex(@"^(?:(?<field>[A-Za-z_][\w.]*)\s*\??=\s*@request\.auth\.id|@request\.auth\.id\s*\??=\s*(?<field>[A-Za-z_][\w.]*))$")]
    private static partial Regex OwnerField();
}
