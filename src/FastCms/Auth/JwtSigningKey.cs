using System.Security.Cryptography;
using System.Text;
using FastCms.Data;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace FastCms.Auth;

/// <summary>
/// The HMAC key that signs access tokens: from configuration, or generated once and kept in the database so
/// that restarts and other instances sharing the database accept the same tokens.
/// </summary>
internal sealed class JwtSigningKey(IOptions<AuthOptions> options, SystemSettings settings)
{
    private const string SettingKey = "auth.jwt_secret";
    private SymmetricSecurityKey? _key;

    public SymmetricSecurityKey Key => _key ?? throw new InvalidOperationException("The signing key is loaded at startup.");

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var secret = options.Value.JwtSecret;
        if (string.IsNullOrEmpty(secret))
        {
            await settings.TryAddAsync(SettingKey, Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)), cancellationToken);
            secret = await settings.GetAsync(SettingKey, cancellationToken)
                ?? throw new InvalidOperationException("The generated signing key could not be read back.");
        }

        _key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret));
    }
}
