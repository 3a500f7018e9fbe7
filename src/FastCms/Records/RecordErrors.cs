using FastCms.Events;
using FastCms.Kernel;
using FastCms.Plugins.Events;
using FastCms.Records.Query;

namespace FastCms.Records;

/// <summary>A records call that ends with a plain problem answer: not found (404), forbidden (403), conflict (409), …</summary>
internal sealed class RecordProblemException(int status, string detail) : Exception(detail)
{
    public int Status { get; } = status;

    public static RecordProblemException CollectionNotFound(string name) => new(StatusCodes.Status404NotFound, $"Collection '{name}' not found.");

    public static RecordProblemException RecordNotFound(string collection, string id) =>
        new(StatusCodes.Status404NotFound, $"Record '{id}' not found in '{collection}'.");
}

/// <summary>Submitted record data failed validation; nothing was written.</summary>
internal sealed class RecordValidationException(FieldErrors errors) : Exception("The record data is not valid.")
{
    public FieldErrors Errors { get; } = errors;
}

/// <summary>A query parameter (<c>filter</c>, <c>sort</c>, <c>fields</c>, <c>expand</c>) cannot be used.</summary>
internal sealed class InvalidQueryException(string parameter, string message, int? position = null, string? expected = null) : Exception(message)
{
    public string Parameter { get; } = parameter;

    public int? Position { get; } = position;

    public string? Expected { get; } = expected;

    public static InvalidQueryException From(string parameter, FilterException e) => new(parameter, e.Message, e.Position, e.Expected);
}

/// <summary>Turns the records layer's exceptions into problem details for the records endpoints.</summary>
internal sealed class RecordProblemFilter(ILogger<RecordProblemFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (RecordProblemException e)
        {
            return Problems.Status(e.Status, e.Message);
        }
        catch (RecordValidationException e)
        {
            return e.Errors.ToResult();
        }
        catch (InvalidQueryException e)
        {
            var extensions = new Dictionary<string, object?> { ["parameter"] = e.Parameter };
            if (e.Position is { } position)
            {
                extensions["position"] = position;
            }

            if (e.Expected is { } expected)
            {
                extensions["expected"] = expected;
            }

            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: $"Invalid {e.Parameter}", extensions: extensions);
        }
        catch (RecordRejectedException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "Rejected");
        }
        catch (HookFailedException e)
        {
            return TypedResults.Problem(
                $"A before-hook of '{e.Owner}' failed, so nothing was written. The request id identifies the error in the server log.",
                statusCode: StatusCodes.Status500InternalServerError, title: "Hook failed");
        }
        catch (HookRecursionException e)
        {
            logger.LogError(e, "Hook recursion stopped a write");
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status500InternalServerError, title: "Hook recursion limit");
        }
    }
}
