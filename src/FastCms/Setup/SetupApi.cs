using FastCms.Auth;
using FastCms.Kernel;
using FastCms.RateLimits;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FastCms.Setup;

internal sealed record SetupCheckResponse(bool NeedsSetup);

internal static class SetupApi
{
    public static RouteGroupBuilder MapSetupApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/setup").WithTags("Setup");
        api.MapGet("/check", Check);
        api.MapPost("/", Setup).RequireRateLimiting(ClientRateLimiting.Password);
        return api;
    }

    private static async Task<Ok<SetupCheckResponse>> Check(SetupService setup, CancellationToken cancellationToken) =>
        TypedResults.Ok(new SetupCheckResponse(await setup.NeedsSetupAsync(cancellationToken)));

    private static async Task<Results<Created<AuthResponse>, ValidationProblem, ProblemHttpResult>> Setup(
        RegisterRequest body, HttpContext http, SetupService setup, PasswordPolicy policy, CancellationToken cancellationToken)
    {
        var errors = AuthApi.ValidateNewAccount(body.Email, body.Password, body.PasswordConfirm, body.Name, policy);
        if (errors.Any)
        {
            return errors.ToResult();
        }

        var response = await setup.CreateFirstAdminAsync(body.Email!, body.Password!, body.Name, ClientInfo.From(http), cancellationToken);
        return response is null
            ? Problems.Conflict("Setup is already complete: an admin account exists. Log in instead.")
            : TypedResults.Created("/api/v1/auth/me", response);
    }
}
