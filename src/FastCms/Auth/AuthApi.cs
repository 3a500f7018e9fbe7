using System.Globalization;
using System.Security.Claims;
using FastCms.Data;
using FastCms.Kernel;
using FastCms.Plugins;
using FastCms.RateLimits;
using FastCms.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FastCms.Auth;

internal static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/auth").WithTags("Auth");
        api.MapPost("/register", Register).RequireRateLimiting(ClientRateLimiting.Register);
        api.MapPost("/login", Login).AcceptsInvalidBearerToken().RequireRateLimiting(ClientRateLimiting.Login);
        api.MapPost("/refresh", Refresh).AcceptsInvalidBearerToken().RequireRateLimiting(ClientRateLimiting.Refresh);
        api.MapPost("/logout", Logout).AcceptsInvalidBearerToken();
        api.MapPost("/logout-all", LogoutAll).RequireAuth();
        api.MapGet("/me", GetMe).RequireAuth();
        api.MapPatch("/me", UpdateMe).RequireAuth().RequireRateLimiting(ClientRateLimiting.Password);
        api.MapPost("/change-password", ChangePassword).RequireAuth().RequireRateLimiting(ClientRateLimiting.Password);
        return api;
    }

    private static async Task<Results<Created<AuthResponse>, ValidationProblem, ProblemHttpResult>> Register(
        RegisterRequest body, HttpContext http, UserStore users, AuthService auth, PasswordPolicy policy,
        Database database, IOptions<AuthOptions> options, CancellationToken cancellationToken)
    {
        if (!options.Value.AllowRegistration)
        {
            return Problems.Forbidden("Self-registration is disabled on this server; ask an administrator for an account.");
        }

        var errors = ValidateNewAccount(body.Email, body.Password, body.PasswordConfirm, body.Name, policy);
        if (errors.Any)
        {
            return errors.ToResult();
        }

        var response = await database.WriteAsync(async session =>
        {
            var user = await users.TryCreateAsync(session, body.Email!, body.Name ?? "", FastCmsRoles.User, auth.HashPassword(body.Password!), cancellationToken);
            return user is null ? null : await auth.StartSessionAsync(session, user, ClientInfo.From(http), cancellationToken);
        }, cancellationToken);

        return response is null
            ? Problems.Conflict("A user with this email already exists.")
            : TypedResults.Created("/api/v1/auth/me", response);
    }

    private static async Task<Results<Ok<AuthResponse>, ValidationProblem, ProblemHttpResult>> Login(
        LoginRequest body, HttpContext http, UserStore users, AuthService auth, LoginThrottle throttle, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Required("email", body.Email);
        errors.Required("password", body.Password);
        if (errors.Any)
        {
            return errors.ToResult();
        }

        var email = UserStore.NormalizeEmail(body.Email!);
        var ip = ClientAddress(http);
        if (throttle.TryBegin(email, ip) is { } wait)
        {
            return TooManyAttempts(http, wait);
        }

        var user = await users.FindByEmailAsync(email, cancellationToken);
        if (!auth.VerifyPassword(user, body.Password!))
        {
            return Problems.Unauthorized("Invalid email or password.");
        }

        throttle.Succeeded(email, ip);
        return TypedResults.Ok(await auth.StartSessionAsync(user!, ClientInfo.From(http), cancellationToken));
    }

    private static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> Refresh(
        RefreshRequest body, HttpContext http, RefreshTokenStore refreshTokens, TokenService tokens, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.RefreshToken))
        {
            return Problems.Validation("refresh_token", "This field is required.");
        }

        var result = await refreshTokens.RotateAsync(body.RefreshToken, ClientInfo.From(http), cancellationToken);
        return result.Outcome switch
        {
            RefreshOutcome.Rotated => TypedResults.Ok(tokens.CreateTokens(result.User!, result.RefreshToken!)),
            RefreshOutcome.Expired => Problems.Unauthorized("The refresh token has expired; log in again."),
            RefreshOutcome.Reused => Problems.Unauthorized("This refresh token was already used. The session has been revoked for safety; log in again."),
            _ => Problems.Unauthorized("The refresh token is not valid."),
        };
    }

    private static async Task<Results<NoContent, ValidationProblem>> Logout(
        RefreshRequest body, RefreshTokenStore refreshTokens, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.RefreshToken))
        {
            return Problems.Validation("refresh_token", "This field is required.");
        }

        await refreshTokens.RevokeSessionAsync(body.RefreshToken, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> LogoutAll(ClaimsPrincipal principal, Database database, AuthService auth, CancellationToken cancellationToken)
    {
        await database.WriteAsync(session => auth.RevokeAllSessionsAsync(session, principal.GetUserId()!, cancellationToken), cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> GetMe(
        ClaimsPrincipal principal, UserStore users, CancellationToken cancellationToken) =>
        await users.FindByIdAsync(principal.GetUserId()!, cancellationToken) is { } user
            ? TypedResults.Ok(UserResponse.From(user))
            : Problems.Unauthorized("The account no longer exists.");

    private static async Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult>> UpdateMe(
        UpdateMeRequest body, HttpContext http, ClaimsPrincipal principal, UserStore users, AuthService auth, LoginThrottle throttle,
        Database database, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(principal.GetUserId()!, cancellationToken);
        if (user is null)
        {
            return Problems.Unauthorized("The account no longer exists.");
        }

        var errors = new FieldErrors();
        ValidateName(errors, body.Name);
        var emailChanges = body.Email is not null && UserStore.NormalizeEmail(body.Email) != user.Email;
        if (emailChanges)
        {
            if (!EmailAddress.IsValid(body.Email))
            {
                errors.Add("email", "Enter a valid email address.");
            }
            else if (string.IsNullOrEmpty(body.Password))
            {
                errors.Add("password", "Your current password is required to change the email address.");
            }
            else if (throttle.TryBegin(user.Email, ClientAddress(http)) is { } wait)
            {
                return TooManyAttempts(http, wait);
            }
            else if (!auth.VerifyPassword(user, body.Password))
            {
                errors.Add("password", "Your current password is required to change the email address.");
            }
            else
            {
                throttle.Succeeded(user.Email, ClientAddress(http));
            }
        }

        if (errors.Any)
        {
            return errors.ToResult();
        }

        var changed = user with { Name = body.Name?.Trim() ?? user.Name, Email = emailChanges ? body.Email! : user.Email };
        var stored = await database.WriteAsync(session => users.TryUpdateAsync(session, changed, revokeTokens: false, cancellationToken), cancellationToken);
        if (!stored)
        {
            return Problems.Conflict("A user with this email already exists.");
        }

        return TypedResults.Ok(UserResponse.From((await users.FindByIdAsync(user.Id, cancellationToken))!));
    }

    private static async Task<Results<Ok<AuthResponse>, ValidationProblem, ProblemHttpResult>> ChangePassword(
        ChangePasswordRequest body, HttpContext http, ClaimsPrincipal principal, UserStore users, AuthService auth,
        PasswordPolicy policy, LoginThrottle throttle, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(principal.GetUserId()!, cancellationToken);
        if (user is null)
        {
            return Problems.Unauthorized("The account no longer exists.");
        }

        var errors = new FieldErrors();
        errors.Required("old_password", body.OldPassword);
        ValidateNewPassword(errors, "new_password", body.NewPassword, "new_password_confirm", body.NewPasswordConfirm, policy);
        if (errors.Any)
        {
            return errors.ToResult();
        }

        if (throttle.TryBegin(user.Email, ClientAddress(http)) is { } wait)
        {
            return TooManyAttempts(http, wait);
        }

        if (!auth.VerifyPassword(user, body.OldPassword!))
        {
            return Problems.Validation("old_password", "The current password is incorrect.");
        }

        throttle.Succeeded(user.Email, ClientAddress(http));

        return TypedResults.Ok(await auth.ChangePasswordAsync(user, body.NewPassword!, ClientInfo.From(http), cancellationToken));
    }

    internal static FieldErrors ValidateNewAccount(string? email, string? password, string? confirm, string? name, PasswordPolicy policy)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(email))
        {
            errors.Add("email", "This field is required.");
        }
        else if (!EmailAddress.IsValid(email))
        {
            errors.Add("email", "Enter a valid email address.");
        }

        ValidateNewPassword(errors, "password", password, "password_confirm", confirm, policy);
        ValidateName(errors, name);
        return errors;
    }

    internal static void ValidateNewPassword(
        FieldErrors errors, string field, string? password, string confirmField, string? confirm, PasswordPolicy policy)
    {
        if (policy.Check(password) is { } problem)
        {
            errors.Add(field, problem);
        }

        if (confirm is null)
        {
            errors.Add(confirmField, "This field is required.");
        }
        else if (!string.Equals(password, confirm, StringComparison.Ordinal))
        {
            errors.Add(confirmField, "The passwords do not match.");
        }
    }

    internal static void ValidateName(FieldErrors errors, string? name)
    {
        if (name is { Length: > 100 })
        {
            errors.Add("name", "Name must be at most 100 characters long.");
        }
    }

    private static string? ClientAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString();

    private static ProblemHttpResult TooManyAttempts(HttpContext http, TimeSpan wait)
    {
        var seconds = (int)Math.Ceiling(wait.TotalSeconds);
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Problems.Status(StatusCodes.Status429TooManyRequests,
            $"Too many failed password attempts. Try again in {seconds} seconds.");
    }
}
