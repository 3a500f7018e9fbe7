using System.Globalization;
using FastCms.Collections;
using FastCms.Kernel;

namespace FastCms.Records.Query;

/// <summary>
/// One comparison of a record's value for <see cref="FilterEvaluator"/>, mirroring <c>FilterCompiler.Compare</c> and
/// <c>CompareColumns</c> case by case: <c>null</c> wherever the answer would depend on the database.
/// </summary>
internal static class MemoryComparison
{
    public static bool? Compare(MemoryOperand field, CompareOp op, MemoryOperand other)
    {
        if (!other.IsConstant)
        {
            return CompareFields(field, op, other);
        }

        // An absent request value is unknown, not empty (see FilterCompiler).
        if (other.Source is RequestOperand && Constants.IsNullLike(other.Value))
        {
            return false;
        }

        var value = field.Value;
        if (Constants.IsNullLike(other.Value))
        {
            return op switch
            {
                CompareOp.Equal => value is null,
                CompareOp.NotEqual => value is not null,
                CompareOp.Like or CompareOp.NotLike => throw new FilterException(
                    $"'~' and '!~' need a text value (position {other.Source.Position}).", other.Source.Position, "a string"),
                _ => false,
            };
        }

        if (op is CompareOp.Like or CompareOp.NotLike)
        {
            if (field.Kind is not (ValueKind.Text or ValueKind.Json) || other.Value is not string pattern)
            {
                throw new FilterException(
                    $"'~' and '!~' compare text: '{field.Label}' with a string (position {other.Source.Position}).", other.Source.Position, "a string");
            }

            if (field.Kind == ValueKind.Json)
            {
                return null;
            }

            return op == CompareOp.Like
                ? value is string text ? Like(text, pattern) : false
                : !Like(value as string ?? "", pattern);
        }

        if (field.Kind == ValueKind.Bool && op is not (CompareOp.Equal or CompareOp.NotEqual))
        {
            throw new FilterException($"'{field.Label}' is a boolean; use = or != (position {other.Source.Position}).", other.Source.Position, "= or !=");
        }

        var constant = Typed(other.Value!, field.Kind, other.Source, field.Label);
        if (constant is DateTimeOffset instant && instant.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            // SQLite compares millisecond text, PostgreSQL microseconds: which one wins is the database's business.
            return null;
        }

        return op switch
        {
            CompareOp.Equal => value is not null && Order(value, constant) == 0,
            CompareOp.NotEqual => value is null || Order(value, constant) != 0,
            _ when value is null => false,
            _ when field.Kind == ValueKind.Text => null,
            _ => Holds(op, Order(value, constant)),
        };
    }

    private static bool? CompareFields(MemoryOperand left, CompareOp op, MemoryOperand right)
    {
        if (left.Kind != right.Kind || left.Kind == ValueKind.Json)
        {
            throw new FilterException(
                $"'{left.Label}' and '{right.Label}' hold different kinds of values and cannot be compared.", left.Source.Position, "fields of the same type");
        }

        var (a, b) = (left.Value, right.Value);
        switch (op)
        {
            case CompareOp.Equal:
                return a is null || b is null ? a is null && b is null : Order(a, b) == 0;
            case CompareOp.NotEqual:
                return a is null || b is null ? !(a is null && b is null) : Order(a, b) != 0;
            case CompareOp.Like or CompareOp.NotLike when left.Kind == ValueKind.Text:
                // The other field's text is a pattern there, wildcards included: leave it to the database.
                return null;
            case CompareOp.Like or CompareOp.NotLike:
                throw new FilterException("'~' and '!~' compare text.", left.Source.Position, "text fields");
            case var _ when left.Kind == ValueKind.Bool:
                throw new FilterException($"'{left.Label}' is a boolean; use = or !=.", left.Source.Position, "= or !=");
            default:
                return a is null || b is null ? false : left.Kind == ValueKind.Text ? null : Holds(op, Order(a, b));
        }
    }

    /// <summary>The constant as the field's kind would hold it; the same conversions and errors as <c>Constants.ToParameter</c>.</summary>
    private static object Typed(object value, ValueKind kind, Operand at, string against) => kind switch
    {
        ValueKind.Text => value switch
        {
            string s => s,
            DateTimeOffset d => UtcTimestamp.ToText(d),
            _ => throw Mismatch(at, against, "text", "a string in quotes"),
        },
        ValueKind.Number => value switch
        {
            double d => d,
            string s when at is RequestOperand && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => throw Mismatch(at, against, "a number", "a number"),
        },
        ValueKind.Bool => value switch
        {
            bool b => b,
            string s when at is RequestOperand && bool.TryParse(s, out var b) => b,
            _ => throw Mismatch(at, against, "a boolean", "true or false"),
        },
        ValueKind.Date => DateOnly.FromDateTime(Instant(value, at, against, "a date", "a date such as \"2024-05-31\" or a date macro").UtcDateTime),
        ValueKind.DateTime => Instant(value, at, against, "a date and time", "a date/time such as \"2024-05-31T12:00:00Z\" or a date macro"),
        _ => throw new FilterException(
            $"'{against}' holds JSON; it can only be compared with null, \"\" or with ~ / !~ (position {at.Position}).", at.Position, "null or ~"),
    };

    private static DateTimeOffset Instant(object value, Operand at, string against, string what, string expected) => value switch
    {
        DateTimeOffset d => d,
        string s when Constants.TryInstant(s, out var d) => d,
        _ => throw Mismatch(at, against, what, expected),
    };

    private static FilterException Mismatch(Operand at, string against, string what, string expected) =>
        new($"'{against}' holds {what}; the value at position {at.Position} does not match.", at.Position, expected);

    private static int Order(object value, object constant) => (value, constant) switch
    {
        (string a, string b) => string.CompareOrdinal(a, b),
        (double a, double b) => a.CompareTo(b),
        (bool a, bool b) => a.CompareTo(b),
        (DateOnly a, DateOnly b) => a.CompareTo(b),
        (DateTimeOffset a, DateTimeOffset b) => a.UtcTicks.CompareTo(b.UtcTicks),
        _ => throw new InvalidOperationException($"A stored {value.GetType().Name} cannot be compared with {constant.GetType().Name}."),
    };

    private static bool Holds(CompareOp op, int order) => op switch
    {
        CompareOp.Greater => order > 0,
        CompareOp.GreaterOrEqual => order >= 0,
        CompareOp.Less => order < 0,
        _ => order <= 0,
    };

    // SQLite's LIKE folds ASCII letters only, PostgreSQL's ILIKE every letter: outside ASCII the database decides.
    private static bool? Like(string text, string pattern) =>
        IsAscii(text) && IsAscii(pattern) ? Constants.Fold(text, CompareOp.Like, pattern) : null;

    private static bool IsAscii(string text) => System.Text.Ascii.IsValid(text);
}
