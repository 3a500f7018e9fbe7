using System.Text.Json.Nodes;

namespace FastCms.Records.Query;

/// <summary>The values behind <c>@request.*</c> for one call: who asks, with which method, query and submitted data.</summary>
internal sealed class RequestValues(string? authId, string? authRole, string? authEmail, string method, IQueryCollection? query, JsonObject? data)
{
    /// <summary>Values used when checking that a rule compiles; the results are never executed.</summary>
    public static RequestValues Placeholder { get; } = new("placeholder", "user", "user@example.com", "GET", null, null);

    public JsonObject? Data { get; init; } = data;

    /// <summary>
    /// The value of a <c>@request</c> path: a string, a number, a boolean or <c>null</c> (also for anonymous callers
    /// and absent keys). Throws <see cref="FilterException"/> for paths that do not exist.
    /// </summary>
    public object? Resolve(RequestOperand operand)
    {
        var path = operand.Path;
        return path switch
        {
            ["request", "method"] => method,
            ["request", "auth", "id"] => authId,
            ["request", "auth", "role"] => authRole,
            ["request", "auth", "email"] => authEmail,
            ["request", "query", var key] => query is not null && query.TryGetValue(key, out var values) ? values.ToString() : null,
            ["request", "data", var field] => JsonNodes.ToScalar(Data?[field]),
            _ => throw new FilterException(
                $"Unknown request value '{operand.Text}' at position {operand.Position}.", operand.Position,
                "@request.auth.id, @request.auth.role, @request.auth.email, @request.data.<field>, @request.query.<key> or @request.method"),
        };
    }
}
