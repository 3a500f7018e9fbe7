namespace FastCms.Storage;

/// <summary>The rule every backend applies to keys, so that no key can name something outside the storage root.</summary>
internal static class ObjectKeys
{
    /// <summary>Throws when <paramref name="key"/> is not a relative path of plain segments.</summary>
    public static string Checked(string key)
    {
        if (!IsSafe(key))
        {
            throw new ArgumentException($"'{key}' is not a valid storage key: use relative segments without '..', '.', '\\' or empty parts.", nameof(key));
        }

        return key;
    }

    /// <summary>Whether <paramref name="prefix"/> may be listed: empty, or a safe key optionally ending in <c>/</c>.</summary>
    public static bool IsSafePrefix(string prefix) => prefix.Length == 0 || IsSafe(prefix.EndsWith('/') ? prefix[..^1] : prefix);

    private static bool IsSafe(string key) =>
        key.Length is > 0 and <= 1024
        && !key.Contains('\\')
        && !key.Any(char.IsControl)
        && key.Split('/').All(segment => segment.Length > 0 && segment is not ("." or ".."));
}
