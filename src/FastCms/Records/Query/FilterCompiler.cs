using FastCms.Collections;
using FastCms.Data;

namespace FastCms.Records.Query;

/// <summary>
/// Emits a parsed filter or rule as a boolean SQL expression over table alias <c>t</c> (or the alias given).
/// Identifiers come only from the schema (quoted), values only as parameters. A comparison whose operand is NULL
/// counts as false, also under <c>!</c>, so the language has two-valued logic on both databases.
/// </summary>
internal sealed class FilterCompiler
{
    private readonly CompiledCollection _root;
    private readonly SqlDialect _dialect;
    private readonly SqlBuilder _sql;
    private readonly OperandResolver _resolver;

    public FilterCompiler(
        SchemaSnapshot schema, CompiledCollection root, SqlDialect dialect, SqlBuilder sql, RequestValues request, bool trusted, DateTimeOffset now, string alias = "t")
    {
        _root = root;
        _dialect = dialect;
        _sql = sql;
        _resolver = new OperandResolver(schema, dialect, sql, request, trusted, now, alias);
    }

    public void Emit(FilterNode node)
    {
        switch (node)
        {
            case AndNode and:
                Binary(and.Left, " AND ", and.Right);
                break;
            case OrNode or:
                Binary(or.Left, " OR ", or.Right);
                break;
            case NotNode not:
                _sql.Append("((");
                Emit(not.Inner);
                _sql.Append(") IS NOT TRUE)");
                break;
            case ComparisonNode comparison:
                Comparison(comparison);
                break;
        }
    }

    /// <summary>The SQL expression of a single-valued field path, for ORDER BY.</summary>
    public string ScalarExpression(FieldOperand path)
    {
        var resolved = _resolver.Resolve(path, _root);
        if (resolved.Shape != OperandShape.Scalar || resolved.Kind == ValueKind.Json)
        {
            throw new FilterException($"Cannot sort by '{path.Text}' (position {path.Position}): it holds several values or JSON.", path.Position, "a single-value field");
        }

        return resolved.Expression;
    }

    private void Binary(FilterNode left, string op, FilterNode right)
    {
        _sql.Append("(");
        Emit(left);
        _sql.Append(op);
        Emit(right);
        _sql.Append(")");
    }

    private void Comparison(ComparisonNode node)
    {
        var left = _resolver.Resolve(node.Left, _root);
        var right = _resolver.Resolve(node.Right, _root);
        if (node.Left is FieldOperand { Path.Length: > 1 } || node.Right is FieldOperand { Path.Length: > 1 })
        {
            _sql.ReadsOtherTables = true;
        }

        var op = node.Op;
        if (left.Shape == OperandShape.Constant && right.Shape == OperandShape.Constant)
        {
            _sql.Append(Constants.Fold(left.Constant, op, right.Constant) ? "(1=1)" : "(1=0)");
            return;
        }

        // Keep the field (and, of two fields, the multi-valued one) on the left.
        if (left.Shape == OperandShape.Constant || (right.Shape == OperandShape.Multi && left.Shape != OperandShape.Multi))
        {
            if (op is CompareOp.Like or CompareOp.NotLike)
            {
                throw new FilterException($"Put the field on the left of '~' / '!~' (position {node.OpPosition}).", node.Left.Position, "a field name");
            }

            (left, right) = (right, left);
            op = Mirror(op);
        }

        if (left.Shape == OperandShape.Multi && right.Shape == OperandShape.Multi)
        {
            throw new FilterException($"'{left.Label}' and '{right.Label}' both hold several values; compare one of them with a single value.", node.Position);
        }

        if (left.Shape == OperandShape.Scalar)
        {
            _sql.Append(Compare(left, op, right));
        }
        else if (node.AnyOf)
        {
            _sql.Append("EXISTS (SELECT 1 FROM ").Append(left.From!).Append(" WHERE ");
            if (left.Where is not null)
            {
                _sql.Append(left.Where).Append(" AND ");
            }

            _sql.Append(Compare(left, op, right)).Append(")");
        }
        else if (left.DirectColumn is not null && right.Shape == OperandShape.Constant && Constants.IsNullLike(right.Constant) && op is CompareOp.Equal or CompareOp.NotEqual)
        {
            // Empty multi-values are stored as NULL, so "tags = null" / "tags != ''" test for emptiness.
            _sql.Append($"({left.DirectColumn} IS {(op == CompareOp.Equal ? "" : "NOT ")}NULL)");
        }
        else
        {
            throw new FilterException(
                $"'{left.Label}' holds several values; use an any-of operator such as ?= or ?~ (position {node.OpPosition}).",
                node.OpPosition, "an any-of operator (?= ?!= ?> ?>= ?< ?<= ?~ ?!~)");
        }
    }

    private string Compare(ResolvedOperand field, CompareOp op, ResolvedOperand other)
    {
        var column = field.Expression;
        if (other.Shape != OperandShape.Constant)
        {
            return CompareColumns(field, op, other);
        }

        // An absent request value (anonymous caller, missing key) is unknown, not empty: "author = @request.auth.id"
        // must not match records without an author for anonymous callers.
        if (other.Source is RequestOperand && Constants.IsNullLike(other.Constant))
        {
            return "(1=0)";
        }

        if (Constants.IsNullLike(other.Constant))
        {
            return op switch
            {
                CompareOp.Equal => $"({column} IS NULL)",
                CompareOp.NotEqual => $"({column} IS NOT NULL)",
                CompareOp.Like or CompareOp.NotLike => throw new FilterException(
                    $"'~' and '!~' need a text value (position {other.Source.Position}).", other.Source.Position, "a string"),
                _ => "(1=0)",
            };
        }

        if (op is CompareOp.Like or CompareOp.NotLike)
        {
            if (field.Kind is not (ValueKind.Text or ValueKind.Json) || other.Constant is not string text)
            {
                throw new FilterException(
                    $"'~' and '!~' compare text: '{field.Label}' with a string (position {other.Source.Position}).", other.Source.Position, "a string");
            }

            var target = field.Kind == ValueKind.Json ? $"CAST({column} AS TEXT)" : column;
            var pattern = _sql.Add(Constants.LikePattern(text));
            var like = _dialect.LikeOperator;
            return op == CompareOp.Like
                ? $"({target} {like} {pattern} ESCAPE '\\')"
                : $"(COALESCE({target}, '') NOT {like} {pattern} ESCAPE '\\')";
        }

        if (field.Kind == ValueKind.Bool && op is not (CompareOp.Equal or CompareOp.NotEqual))
        {
            throw new FilterException($"'{field.Label}' is a boolean; use = or != (position {other.Source.Position}).", other.Source.Position, "= or !=");
        }

        var parameter = _sql.Add(Constants.ToParameter(other.Constant!, field.Kind, _dialect, other.Source, field.Label));
        return op switch
        {
            CompareOp.Equal => $"({column} = {parameter})",
            CompareOp.NotEqual => _dialect.NullSafeNotEqual(column, parameter),
            _ => $"({column} {Symbol(op)} {parameter})",
        };
    }

    private string CompareColumns(ResolvedOperand left, CompareOp op, ResolvedOperand right)
    {
        if (left.Kind != right.Kind || left.Kind == ValueKind.Json)
        {
            throw new FilterException(
                $"'{left.Label}' and '{right.Label}' hold different kinds of values and cannot be compared.", left.Source.Position, "fields of the same type");
        }

        var (a, b) = (left.Expression, right.Expression);
        return op switch
        {
            CompareOp.Equal => _dialect.NullSafeEqual(a, b),
            CompareOp.NotEqual => _dialect.NullSafeNotEqual(a, b),
            CompareOp.Like when left.Kind == ValueKind.Text => $"({a} {_dialect.LikeOperator} ('%' || {b} || '%'))",
            CompareOp.NotLike when left.Kind == ValueKind.Text => $"(COALESCE({a}, '') NOT {_dialect.LikeOperator} ('%' || COALESCE({b}, '') || '%'))",
            CompareOp.Like or CompareOp.NotLike => throw new FilterException("'~' and '!~' compare text.", left.Source.Position, "text fields"),
            _ when left.Kind == ValueKind.Bool => throw new FilterException($"'{left.Label}' is a boolean; use = or !=.", left.Source.Position, "= or !="),
            _ => $"({a} {Symbol(op)} {b})",
        };
    }

    private static string Symbol(CompareOp op) => op switch
    {
        CompareOp.Greater => ">",
        CompareOp.GreaterOrEqual => ">=",
        CompareOp.Less => "<",
        _ => "<=",
    };

    private static CompareOp Mirror(CompareOp op) => op switch
    {
        CompareOp.Greater => CompareOp.Less,
        CompareOp.GreaterOrEqual => CompareOp.LessOrEqual,
        CompareOp.Less => CompareOp.Greater,
        CompareOp.LessOrEqual => CompareOp.GreaterOrEqual,
        _ => op,
    };
}
