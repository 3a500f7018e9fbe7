using FastCms.Plugins;
using FastCms.Users;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FastCms.Auth;

internal sealed record TokenResponse(string AccessToken, string RefreshToken, string TokenType, int ExpiresIn);

internal sealed record AuthResponse(UserResponse User, TokenResponse Token);

/// <summary>Issues access tokens (JWT) and, with <see cref="RefreshTokenStore"/>, refresh tokens.</summary>
internal sealed class TokenService(JwtSigningKey key, IOptions<AuthOptions> options, TimeProvider clock)
{
    public const string Issuer = "fastcms";
    public const string Audience = "fastcms";
    public const string TokenVersionClaim = "tv";

    private readonly JsonWebTokenHandler _handler = new();

    public int AccessTokenSeconds => options.Value.AccessTokenMinutes * 60;

    public string CreateAccessToken(User user)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddSeconds(AccessTokenSeconds),
            SigningCredentials = new SigningCredentials(key.Key, SecurityAlgorithms.HmacSha256),
            Claims = new Dictionary<string, object>
            {
                [FastCmsClaims.UserId] = user.Id,
                [FastCmsClaims.Email] = user.Email,
                [FastCmsClaims.Role] = user.Role,
                [TokenVersionClaim] = user.TokenVersion,
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            },
        };
        return _handler.CreateToken(descriptor);
    }

    public TokenResponse CreateTokens(User user, string refreshToken) =>
        new(CreateAccessToken(user), refreshToken, "bearer", AccessTokenSeconds);

    public static TokenValidationParameters ValidationParameters(JwtSigningKey key) => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        ValidateIssuerSigningKey = true,
        IssuerSigningKeyResolver = (_, _, _, _) => [key.Key],
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        NameClaimType = FastCmsClaims.Email,
        RoleClaimType = FastCmsClaims.Role,
        ClockSkew = TimeSpan.FromSeconds(30),
    };
}
