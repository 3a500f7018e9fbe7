using FastCms.Auth;
using FastCms.Data;
using FastCms.Hosting;
using FastCms.Plugins;
using FastCms.Plugins.Events;
using FastCms.Records;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FastCms.Users;

public sealed record CreateUserRequest(string? Email, string? Password, string? Name, string? Role);

public sealed record UpdateUserRequest(string? Email, string? Name, string? Role, string? Password, bool? Verified);

public static class AdminUsersApi
{
    public const int MaxPerPage = 500;

    public static RouteGroupBuilder MapAdminUsersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/admin/users").WithTags("Admin: users").RequireAdmin();
        api.MapGet("/", List);
        api.MapGet("/{id}", Get);
        api.MapPost("/", Create);
        api.MapPatch("/{id}", Update);
        api.MapDelete("/{id}", Delete);
        return api;
    }

    private static async Task<Results<Ok<PageResult<UserResponse>>, ValidationProblem>> List(
        UserStore users, CancellationToken cancellationToken, int page = 1, int perPage = 20, string? search = null)
    {
        var errors = new FieldErrors();
        if (page < 1)
        {
            errors.Add("page", "Must be 1 or greater.");
        }

        if (perPage is < 1 or > MaxPerPage)
        {
            errors.Add("per_page", $"Must be between 1 and {MaxPerPage}.");
        }

        if (errors.Any)
        {
            return errors.ToResult();
        }

        var result = await users.ListAsync(page, perPage, search, cancellationToken);
        return TypedResults.Ok(new PageResult<UserResponse>(result.Items.Select(UserResponse.From).ToList(), result.Total, result.Page, result.PerPage, result.TotalPages));
    }

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> Get(string id, UserStore users, CancellationToken cancellationToken) =>
        await users.FindByIdAsync(id, cancellationToken) is { } user
            ? TypedResults.Ok(UserResponse.From(user))
            : Problems.NotFound($"User '{id}' not found.");

    private static async Task<Results<Created<UserResponse>, ValidationProblem, ProblemHttpResult>> Create(
        CreateUserRequest body, UserStore users, AuthService auth, PasswordPolicy policy, Database database, CancellationToken cancellationToken)
    {
        var errors = AuthApi.ValidateNewAccount(body.Email, body.Password, body.Password, body.Name, policy);
        var role = body.Role ?? FastCmsRoles.User;
        if (!UserStore.IsValidRole(role))
        {
            errors.Add("role", "Role must be 'user' or 'admin'.");
        }

        if (errors.Any)
        {
            return errors.ToResult();
        }

        var user = await database.WriteAsync(
            session => users.TryCreateAsync(session, body.Email!, body.Name ?? "", role, auth.HashPassword(body.Password!), cancellationToken),
            cancellationToken);
        return user is null
            ? Problems.Conflict("A user with this email already exists.")
            : TypedResults.Created($"/api/v1/admin/users/{user.Id}", UserResponse.From(user));
    }

    private static async Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult>> Update(
        string id, UpdateUserRequest body, UserStore users, AuthService auth, PasswordPolicy policy, Database database,
        TokenVersionCache tokenVersions, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (body.Email is not null && !EmailAddress.IsValid(body.Email))
        {
            errors.Add("email", "Enter a valid email address.");
        }

        if (body.Role is not null && !UserStore.IsValidRole(body.Role))
        {
            errors.Add("role", "Role must be 'user' or 'admin'.");
        }

        if (body.Password is not null && policy.Check(body.Password) is { } weak)
        {
            errors.Add("password", weak);
        }

        AuthApi.ValidateName(errors, body.Name);
        if (errors.Any)
        {
            return errors.ToResult();
        }

        var outcome = await database.WriteAsync<(User? User, string? Problem, int Status)>(async session =>
        {
            await session.Dialect.LockAsync(session, UserStore.AdminSetLockKey, cancellationToken);
            var user = await users.FindByIdAsync(session, id, cancellationToken);
            if (user is null)
            {
                return (null, $"User '{id}' not found.", StatusCodes.Status404NotFound);
            }

            var demoted = user.Role == FastCmsRoles.Admin && body.Role is FastCmsRoles.User;
            if (demoted && await users.CountAdminsAsync(session, cancellationToken) <= 1)
            {
                return (null, "This is the last admin; promote another user before changing this one's role.", StatusCodes.Status409Conflict);
            }

            var changed = user with
            {
                Email = body.Email ?? user.Email,
                Name = body.Name?.Trim() ?? user.Name,
                Role = body.Role ?? user.Role,
                Verified = body.Verified ?? user.Verified,
                PasswordHash = body.Password is null ? user.PasswordHash : auth.HashPassword(body.Password),
            };
            var credentialsChanged = changed.Role != user.Role || body.Password is not null;
            if (!await users.TryUpdateAsync(session, changed, credentialsChanged, cancellationToken))
            {
                return (null, "A user with this email already exists.", StatusCodes.Status409Conflict);
            }

            if (body.Password is not null)
            {
                await auth.RevokeAllSessionsAsync(session, id, cancellationToken);
            }

            session.OnCommitted(() => tokenVersions.Invalidate(id));
            return (await users.FindByIdAsync(session, id, cancellationToken), null, StatusCodes.Status200OK);
        }, cancellationToken);

        return outcome.User is { } updated
            ? TypedResults.Ok(UserResponse.From(updated))
            : Problems.Status(outcome.Status, outcome.Problem!);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string id, HttpContext http, UserStore users, Database database, TokenVersionCache tokenVersions, RecordService records, CancellationToken cancellationToken)
    {
        (string Detail, int Status)? problem;
        try
        {
            problem = await DeleteCoreAsync(id, http, users, database, tokenVersions, records, cancellationToken);
        }
        catch (RecordProblemException e)
        {
            problem = (e.Message, e.Status);
        }
        catch (RecordRejectedException e)
        {
            problem = (e.Message, StatusCodes.Status400BadRequest);
        }

        return problem is { } p ? Problems.Status(p.Status, p.Detail) : TypedResults.NoContent();
    }

    private static Task<(string Detail, int Status)?> DeleteCoreAsync(
        string id, HttpContext http, UserStore users, Database database, TokenVersionCache tokenVersions, RecordService records, CancellationToken cancellationToken) =>
        database.WriteAsync<(string Detail, int Status)?>(async session =>
        {
            await session.Dialect.LockAsync(session, UserStore.AdminSetLockKey, cancellationToken);
            var user = await users.FindByIdAsync(session, id, cancellationToken);
            if (user is null)
            {
                return ($"User '{id}' not found.", StatusCodes.Status404NotFound);
            }

            if (user.Role == FastCmsRoles.Admin && await users.CountAdminsAsync(session, cancellationToken) <= 1)
            {
                return ("This is the last admin and cannot be deleted.", StatusCodes.Status409Conflict);
            }

            // Records that point at the user: restrict refuses (and rolls back), cascade deletes them, set_null clears them.
            await records.OnUserDeletingAsync(session, id, RecordCaller.FromHttp(http).Actor, cancellationToken);
            await users.DeleteAsync(session, id, cancellationToken);
            session.OnCommitted(() => tokenVersions.Invalidate(id));
            return null;
        }, cancellationToken);
}
