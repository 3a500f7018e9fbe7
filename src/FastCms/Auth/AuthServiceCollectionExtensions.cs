using FastCms.Plugins;
using FastCms.Users;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;

namespace FastCms.Auth;

internal static class AuthServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddFastCmsAuth(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddSingleton<PasswordPolicy>();
        services.AddSingleton<JwtSigningKey>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<RefreshTokenStore>();
        services.AddSingleton<TokenVersionCache>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<AuthService>();
        services.AddSingleton<UserStore>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = JwtBearerDefaults.AuthenticationScheme;
                options.DefaultAuthenticateScheme = BearerWhenSent.Scheme;
                options.AddScheme<BearerWhenSent>(BearerWhenSent.Scheme, displayName: null);
            })
            .AddJwtBearer();
        services.AddTransient<BearerWhenSent>();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<JwtSigningKey>((options, key) =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = TokenService.ValidationParameters(key);
                options.Events = new JwtBearerEvents { OnTokenValidated = RejectRevokedTokens };
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(FastCmsPolicies.Authenticated, policy => policy.RequireAuthenticatedUser())
            .AddPolicy(FastCmsPolicies.Admin, policy => policy.RequireAuthenticatedUser().RequireRole(FastCmsRoles.Admin));
        return builder;
    }

    // Access tokens carry the user's token version; logout-all, password and role changes bump it.
    private static async Task RejectRevokedTokens(TokenValidatedContext context)
    {
        var principal = context.Principal!;
        var userId = principal.GetUserId();
        if (userId is null || !long.TryParse(principal.FindFirst(TokenService.TokenVersionClaim)?.Value, out var version))
        {
            context.Fail("The access token lacks required claims.");
            return;
        }

        var versions = context.HttpContext.RequestServices.GetRequiredService<TokenVersionCache>();
        if (!await versions.IsCurrentAsync(userId, version, context.HttpContext.RequestAborted))
        {
            context.Fail("The access token has been revoked.");
        }
    }
}
