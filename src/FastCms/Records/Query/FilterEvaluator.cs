using FastCms.Collections;

namespace FastCms.Records.Query;

/// <summary>
/// Evaluates a parsed filter or rule against one record in memory, with the semantics of <see cref="FilterCompiler"/>:
/// the same operand rules, the same errors (a <see cref="FilterException"/> from any comparison, taken or not, means the
/// SQL compiler would have refused the whole expression) and the same two-valued logic. It answers <c>null</c> where the
/// databases themselves differ or where matching their result exactly would need the database (text ordering and
/// collations, non-ASCII case folding, JSON text, sub-millisecond constants): the caller then asks the database. Paths
/// through relations are not evaluated here at all (see <see cref="IsSelfContained"/>).
/// </summary>
internal sealed class FilterEvaluator(CompiledCollection collection, RequestValues request, bool trusted, DateTimeOffset now)
{
    /// <summary>Whether <paramref name="node"/> reads only the record's own fields (no dotted paths), so it can run here.</summary>
    public static bool IsSelfContained(FilterNode node) => node switch
    {
        AndNode and => IsSelfContained(and.Left) && IsSelfContained(and.Right),
        OrNode or => IsSelfContained(or.Left) && IsSelfContained(or.Right),
        NotNode not => IsSelfContained(not.Inner),
        ComparisonNode c => c.Left is not FieldOperand { Path.Length: > 1 } && c.Right is not FieldOperand { Path.Length: > 1 },
        _ => false,
    };

    /// <summary>
    /// <c>true</c>/<c>false</c> when the record matches or not; <c>null</c> when only the database can tell. Throws
    /// <see cref="FilterException"/> where the SQL compiler would (the caller denies, as <c>RuleSql</c> does).
    /// </summary>
    public bool? Evaluate(FilterNode node, RecordView record)
    {
        switch (node)
        {
            case AndNode and:
            {
                // Both sides always run, so that an error on the side not needed still refuses, as compiling it would.
                var left = Evaluate(and.Left, record);
                var right = Evaluate(and.Right, record);
                return left == false || right == false ? false : left == true && right == true ? true : null;
            }

            case OrNode or:
            {
                var left = Evaluate(or.Left, record);
                var right = Evaluate(or.Right, record);
                return left == true || right == true ? true : left == false && right == false ? false : null;
            }

            case NotNode not:
                return !Evaluate(not.Inner, record);
            case ComparisonNode comparison:
                return Compare(comparison, record);
            default:
                return null;
        }
    }

    private bool? Compare(ComparisonNode node, RecordView record)
    {
        var left = Resolve(node.Left, record);
        var right = Resolve(node.Right, record);
        var op = node.Op;
        if (left.IsConstant && right.IsConstant)
        {
            return Constants.Fold(left.Value, op, right.Value);
        }

        if (left.IsConstant || (right.IsMulti && !left.IsMulti))
        {
            if (op is CompareOp.Like or CompareOp.NotLike)
            {
                throw new FilterException($"Put the field on the left of '~' / '!~' (position {node.OpPosition}).", node.Left.Position, "a field name");
            }

            (left, right) = (right, left);
            op = Mirror(op);
        }

        if (left.IsMulti && right.IsMulti)
        {
            throw new FilterException($"'{left.Label}' and '{right.Label}' both hold several values; compare one of them with a single value.", node.Position);
        }

        if (!left.IsMulti)
        {
            return MemoryComparison.Compare(left, op, right);
        }

        if (node.AnyOf)
        {
            var elements = left.Value as string[] ?? [];
            bool? any = false;
            if (elements.Length == 0)
            {
                // Nothing to compare, but the comparison is still checked as the SQL compiler checks it.
                MemoryComparison.Compare(left with { Value = "", Kind = ValueKind.Text, IsMulti = false }, op, right);
            }

            foreach (var element in elements)
            {
                var result = MemoryComparison.Compare(left with { Value = element, Kind = ValueKind.Text, IsMulti = false }, op, right);
                any = result == true || any == true ? true : result is null ? null : any;
            }

            return any;
        }

        if (left.IsDirect && right.IsConstant && Constants.IsNullLike(right.Value) && op is CompareOp.Equal or CompareOp.NotEqual)
        {
            var empty = left.Value is null or string[] { Length: 0 };
            return op == CompareOp.Equal ? empty : !empty;
        }

        throw new FilterException(
            $"'{left.Label}' holds several values; use an any-of operator such as ?= or ?~ (position {node.OpPosition}).",
            node.OpPosition, "an any-of operator (?= ?!= ?> ?>= ?< ?<= ?~ ?!~)");
    }

    private MemoryOperand Resolve(Operand operand, RecordView record) => operand switch
    {
        LiteralOperand literal => MemoryOperand.Constant(operand, literal.Value),
        MacroOperand macro => MemoryOperand.Constant(operand, DateMacros.Evaluate(macro.Name, now)),
        RequestOperand variable => MemoryOperand.Constant(operand, request.Resolve(variable)),
        FieldOperand field => Field(field, record),
        _ => throw new ArgumentOutOfRangeException(nameof(operand)),
    };

    private MemoryOperand Field(FieldOperand operand, RecordView record)
    {
        var name = operand.Path[0];
        switch (name)
        {
            case "id":
                return new MemoryOperand(operand, record.Id, ValueKind.Text, false, false, false, operand.Text);
            case "created" or "updated":
                return new MemoryOperand(operand, name == "created" ? record.Created : record.Updated, ValueKind.DateTime, false, false, false, operand.Text);
        }

        if (!collection.TryGetField(name, out var index) || (!trusted && collection.Fields[index].IsPrivate))
        {
            throw new FilterException(
                $"Unknown field '{name}' in collection '{collection.Name}' (position {operand.Position}).", operand.Position, "a field of " + collection.Name);
        }

        var field = collection.Fields[index];
        return field.IsMultiple
            ? new MemoryOperand(operand, record.Values[index], ValueKind.Text, false, true, true, operand.Text)
            : new MemoryOperand(operand, record.Values[index], field.Type.Kind(), false, false, false, operand.Text);
    }

    private static CompareOp Mirror(CompareOp op) => op switch
    {
        CompareOp.Greater => CompareOp.Less,
        CompareOp.GreaterOrEqual => CompareOp.LessOrEqual,
        CompareOp.Less => CompareOp.Greater,
        CompareOp.LessOrEqual => CompareOp.GreaterOrEqual,
        _ => op,
    };
}

/// <summary>An operand of an in-memory comparison: a constant, or a field of the record with its value.</summary>
internal readonly record struct MemoryOperand(Operand Source, object? Value, ValueKind Kind, bool IsConstant, bool IsMulti, bool IsDirect, string Label)
{
    public static MemoryOperand Constant(Operand source, object? value) => new(source, value, ValueKind.Text, true, false, false, "");
}
