using FastCms.Kernel;
using FastCms.Plugins;
using FastCms.Records;
using FastCms.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FastCms.AdminUsers;

internal sealed record CreateUserRequest(string? Email, string? Password, string? Name, string? Role);

internal sealed record UpdateUserRequest(string? Email, string? Name, string? Role, string? Password, bool? Verified);

internal static class AdminUsersApi
{
    public static IHostApplicationBuilder AddUserAdministration(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<UserAdministration>();
        return builder;
    }

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
        UserStore users, CancellationToken cancellationToken, int page = 1, [FromQuery(Name = "per_page")] int perPage = 20, string? search = null)
    {
        var errors = new FieldErrors();
        if (page < 1)
        {
            errors.Add("page", "Must be 1 or greater.");
        }

        if (perPage is < 1 or > Paging.MaxPerPage)
        {
            errors.Add("per_page", $"Must be between 1 and {Paging.MaxPerPage}.");
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
        CreateUserRequest body, UserAdministration admin, CancellationToken cancellationToken)
    {
        var change = await admin.CreateAsync(body, body.Password, cancellationToken);
        return change switch
        {
            { Errors: { } errors } => errors.ToResult(),
            { Problem: { } problem } => Problems.Status(change.Status, problem),
            _ => TypedResults.Created($"/api/v1/admin/users/{change.User!.Id}", UserResponse.From(change.User)),
        };
    }

    private static async Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult>> Update(
        string id, UpdateUserRequest body, UserAdministration admin, CancellationToken cancellationToken)
    {
        var change = await admin.UpdateAsync(id, body, cancellationToken);
        return change switch
        {
            { Errors: { } errors } => errors.ToResult(),
            { Problem: { } problem } => Problems.Status(change.Status, problem),
            _ => TypedResults.Ok(UserResponse.From(change.User!)),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string id, HttpContext http, UserAdministration admin, CancellationToken cancellationToken)
    {
        var change = await admin.DeleteAsync(id, RecordCaller.FromHttp(http).Actor, cancellationToken);
        return change.Problem is { } problem ? Problems.Status(change.Status, problem) : TypedResults.NoContent();
    }
}
