using FastCms.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FastCms.Tests.Infrastructure;

/// <summary>Access tokens the server signed correctly but whose lifetime ended two hours ago.</summary>
public static class ExpiredTokens
{
    public static string Create(IServiceProvider services, string id, string email)
    {
        var key = services.GetRequiredService<JwtSigningKey>().Key;
        var past = DateTime.UtcNow.AddHours(-2);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TokenService.Issuer,
            Audience = TokenService.Audience,
            IssuedAt = past,
            NotBefore = past,
            Expires = past.AddMinutes(15),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
            Claims = new Dictionary<string, object> { ["sub"] = id, ["email"] = email, ["role"] = "user", ["tv"] = 0 },
        });
    }
}
