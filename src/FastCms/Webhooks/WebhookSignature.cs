using System.Security.Cryptography;
using System.Text;

namespace FastCms.Webhooks;

/// <summary>
/// Secrets and signatures as the Standard Webhooks convention has them: a secret is <c>whsec_</c> followed by the
/// base64 of its key bytes, and a signature is <c>v1,</c> plus the base64 HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c>.
/// Several signatures (old and new secret during a rotation) are separated by spaces.
/// </summary>
internal static class WebhookSignature
{
    public const string SecretPrefix = "whsec_";

    private const int MinKeyBytes = 24;
    private const int MaxKeyBytes = 64;

    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Why <paramref name="secret"/> cannot be used, or <c>null</c>.</summary>
    public static string? Validate(string secret)
    {
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            return $"A secret has the form whsec_<base64 of {MinKeyBytes} to {MaxKeyBytes} random bytes>; leave it out to have one generated.";
        }

        var key = TryKey(secret);
        return key is { Length: >= MinKeyBytes and <= MaxKeyBytes }
            ? null
            : $"The part after whsec_ must be the base64 of {MinKeyBytes} to {MaxKeyBytes} bytes.";
    }

    /// <summary>The <c>webhook-signature</c> header value for the given secrets (the current one first).</summary>
    public static string Sign(string id, long timestamp, string body, params IEnumerable<string> secrets)
    {
        var content = Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}");
        return string.Join(' ', secrets.Select(secret => "v1," + Convert.ToBase64String(HMACSHA256.HashData(TryKey(secret)!, content))));
    }

    /// <summary>A short, harmless form for listings: the prefix and the first characters.</summary>
    public static string Hint(string secret) => secret[..Math.Min(secret.Length, SecretPrefix.Length + 4)] + "…";

    private static byte[]? TryKey(string secret)
    {
        try
        {
            return Convert.FromBase64String(secret[SecretPrefix.Length..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
