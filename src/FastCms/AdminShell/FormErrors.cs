using FastCms.AdminUsers;
using FastCms.Kernel;

namespace FastCms.AdminShell;

/// <summary>An input with its label, hint and field errors, rendered by <c>Shared/_Field.cshtml</c>.</summary>
internal sealed record FormField(
    string Name,
    string Label,
    string Type = "text",
    string? Value = null,
    IReadOnlyList<string>? Errors = null,
    string? Autocomplete = null,
    bool Required = false,
    string? Hint = null)
{
    public string Id => "field-" + Name;

    public bool Invalid => Errors is { Count: > 0 };
}

/// <summary>Field errors of a submitted form, keyed like the API's (<c>email</c>, <c>password_confirm</c>).</summary>
internal sealed class FormErrors
{
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    /// <summary>The fields that have errors.</summary>
    public IEnumerable<string> Fields => _errors.Keys;

    public IReadOnlyList<string> For(string field) => _errors.TryGetValue(field, out var messages) ? messages : [];

    public void Add(string field, string message) =>
        _errors[field] = [.. For(field), message];

    /// <summary>Takes the field errors of a failed change; returns the problem that belongs to no field, if any.</summary>
    public string? Collect(UserChange change)
    {
        if (change.Errors is { } errors)
        {
            AddRange(errors);
        }

        if (change.Problem is { } problem && change.Field is { } field)
        {
            Add(field, problem);
            return null;
        }

        return change.Problem;
    }

    public void AddRange(FieldErrors errors)
    {
        foreach (var (field, messages) in errors.ToDictionary())
        {
            foreach (var message in messages)
            {
                Add(field, message);
            }
        }
    }
}
