using FastCms.Records.Query;

namespace FastCms.Collections;

/// <summary>
/// One access rule of a collection: <c>null</c> lets only admins through, <c>""</c> lets anyone through,
/// anything else is a filter expression that a record must match for the caller.
/// </summary>
internal sealed class AccessRule
{
    public static readonly AccessRule AdminsOnly = new(null, null);

    public static readonly AccessRule Public = new("", null);

    private AccessRule(string? source, FilterNode? expression)
    {
        Source = source;
        Expression = expression;
    }

    public string? Source { get; }

    public FilterNode? Expression { get; }

    public bool IsAdminsOnly => Source is null;

    public bool IsPublic => Source is { Length: 0 };

    /// <summary>Parses a stored rule; the syntax was checked when it was saved.</summary>
    public static AccessRule From(string? source) => source switch
    {
        null => AdminsOnly,
        "" => Public,
        _ => new AccessRule(source, FilterParser.Parse(source)),
    };
}
