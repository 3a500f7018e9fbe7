namespace FastCms.Records.Query;

/// <summary>Comparison operators of the filter language.</summary>
internal enum CompareOp
{
    Equal,
    NotEqual,
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
    Like,
    NotLike,
}

/// <summary>A node of a parsed filter or rule; <see cref="Position"/> is the 0-based offset in the source text.</summary>
internal abstract record FilterNode(int Position);

internal sealed record AndNode(FilterNode Left, FilterNode Right) : FilterNode(Left.Position);

internal sealed record OrNode(FilterNode Left, FilterNode Right) : FilterNode(Left.Position);

internal sealed record NotNode(FilterNode Inner, int At) : FilterNode(At);

/// <summary><c>left op right</c>; <see cref="AnyOf"/> for the <c>?=</c> family (any element of a multi-value operand).</summary>
internal sealed record ComparisonNode(Operand Left, CompareOp Op, bool AnyOf, Operand Right, int OpPosition) : FilterNode(Left.Position);

/// <summary>One side of a comparison.</summary>
internal abstract record Operand(int Position);

/// <summary>A record field, possibly through relations: <c>author.name</c>.</summary>
internal sealed record FieldOperand(string[] Path, int At) : Operand(At)
{
    public string Text => string.Join('.', Path);
}

/// <summary>A string, number, boolean or <c>null</c> written in the filter.</summary>
internal sealed record LiteralOperand(object? Value, int At) : Operand(At);

/// <summary>A date macro such as <c>@now</c> or <c>@todayStart</c>.</summary>
internal sealed record MacroOperand(string Name, int At) : Operand(At);

/// <summary>A request value: <c>@request.auth.id</c>, <c>@request.data.title</c>, <c>@request.query.page</c>, <c>@request.method</c>.</summary>
internal sealed record RequestOperand(string[] Path, int At) : Operand(At)
{
    public string Text => "@" + string.Join('.', Path);
}
