using Microsoft.AspNetCore.Http.HttpResults;

namespace FastCms.Kernel;

/// <summary>Shorthands for RFC 7807 responses with a human-readable <c>detail</c>.</summary>
internal static class Problems
{
    public static ProblemHttpResult BadRequest(string detail) => Status(StatusCodes.Status400BadRequest, detail);

    public static ProblemHttpResult Unauthorized(string detail) => Status(StatusCodes.Status401Unauthorized, detail);

    public static ProblemHttpResult Forbidden(string detail) => Status(StatusCodes.Status403Forbidden, detail);

    public static ProblemHttpResult NotFound(string detail) => Status(StatusCodes.Status404NotFound, detail);

    public static ProblemHttpResult Conflict(string detail) => Status(StatusCodes.Status409Conflict, detail);

    public static ProblemHttpResult Status(int status, string detail) => TypedResults.Problem(detail: detail, statusCode: status);

    public static ValidationProblem Validation(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>Collects field errors for one request body.</summary>
internal sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    /// <summary>How many fields have errors.</summary>
    public int Count => _errors.Count;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
    }

    public void Required(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "This field is required.");
        }
    }

    /// <summary>The messages per field, for callers that show them other than as a problem response (the admin UI).</summary>
    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public ValidationProblem ToResult() => TypedResults.ValidationProblem(ToDictionary());
}
