using System.Security.Cryptography;
using System.Text.Json;
using FastCms.Records;
using FastCms.Records.Files;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace FastCms.Files;

/// <summary>
/// Short-lived file tokens: the signed-in caller's identity, encrypted and time-limited with the Data Protection keys
/// (kept in the database, so every instance accepts every other's tokens). A token in <c>?token=</c> lets an
/// <c>&lt;img&gt;</c> tag fetch a protected file without the bearer token ever appearing in a URL.
/// </summary>
internal sealed class FileTokens(IDataProtectionProvider protection, IOptions<FilesOptions> options, TimeProvider clock)
{
    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("FastCms.Files.Token").ToTimeLimitedDataProtector();

    public (string Token, DateTimeOffset Expires) Issue(RecordCaller caller)
    {
        var expires = clock.GetUtcNow() + options.Value.TokenLifetime;
        var payload = JsonSerializer.Serialize(new TokenPayload(caller.UserId!, caller.Role!, caller.Email));
        return (_protector.Protect(payload, expires), expires);
    }

    /// <summary>The caller the token stands for, or <c>null</c> when it is malformed, forged or expired.</summary>
    public RecordCaller? Read(string token)
    {
        try
        {
            var payload = JsonSerializer.Deserialize<TokenPayload>(_protector.Unprotect(token, out var expires));
            return payload is null || expires < clock.GetUtcNow() ? null : RecordCaller.User(payload.UserId, payload.Role, payload.Email);
        }
        catch (Exception e) when (e is CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }

    private sealed record TokenPayload(string UserId, string Role, string? Email);
}
