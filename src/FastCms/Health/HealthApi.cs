using System.Reflection;
using FastCms.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FastCms.Health;

internal sealed record DatabaseHealth(string Provider, bool Reachable);

internal sealed record HealthResponse(string Status, string Version, DatabaseHealth Database);

internal static class HealthApi
{
    public static readonly string Version =
        typeof(HealthApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", Check).WithTags("Health");
        app.MapGet("/api/v1/health", Check).WithTags("Health");
        return app;
    }

    private static async Task<Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>>> Check(
        Database database, ILogger<HealthResponse> logger, CancellationToken cancellationToken)
    {
        var provider = database.Provider.ToString().ToLowerInvariant();
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return TypedResults.Ok(new HealthResponse("ok", Version, new DatabaseHealth(provider, true)));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Health check: the database is not reachable");
            return TypedResults.Json(new HealthResponse("unavailable", Version, new DatabaseHealth(provider, false)),
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
