using FastCms.Collections;
using FastCms.Data;

namespace FastCms.Records.Query;

internal enum OperandShape
{
    /// <summary>A value known before the query runs (literal, macro, request value).</summary>
    Constant,

    /// <summary>One SQL value per row.</summary>
    Scalar,

    /// <summary>Several values per row (multi-select, multi-relation, or a path through one): compared with EXISTS.</summary>
    Multi,
}

/// <summary>
/// An operand turned into SQL. For <see cref="OperandShape.Multi"/>, <see cref="Expression"/> is the element and
/// <see cref="From"/>/<see cref="Where"/> produce the elements; <see cref="DirectColumn"/> is the JSON column itself
/// when the operand is a multi-value field of the filtered collection.
/// </summary>
internal readonly record struct ResolvedOperand(
    OperandShape Shape, Operand Source, object? Constant, string Expression, ValueKind Kind, string? From, string? Where, string? DirectColumn, string Label);

/// <summary>
/// Resolves field paths (<c>title</c>, <c>author.name</c>, <c>tags.label</c>) against the schema into SQL expressions
/// over the row of table alias <paramref name="rootAlias"/>. Untrusted paths (a caller's filter or sort) reach only
/// related rows the caller may view.
/// </summary>
internal sealed class OperandResolver(
    SchemaSnapshot schema, SqlDialect dialect, SqlBuilder sql, RequestValues request, bool trusted, DateTimeOffset now, string rootAlias)
{
    public const int MaxPathLength = 6;

    // Paths inside a related collection's view rule get their own alias namespace, so they never clash with the outer ones.
    private readonly string _aliasPrefix = rootAlias == "t" ? "" : rootAlias + "_";

    private int _aliases;

    public ResolvedOperand Resolve(Operand operand, CompiledCollection root) => operand switch
    {
        LiteralOperand literal => Constant(operand, literal.Value),
        MacroOperand macro => Constant(operand, DateMacros.Evaluate(macro.Name, now)),
        RequestOperand variable => Constant(operand, request.Resolve(variable)),
        FieldOperand field => ResolvePath(field, root),
        _ => throw new ArgumentOutOfRangeException(nameof(operand)),
    };

    private static ResolvedOperand Constant(Operand operand, object? value) =>
        new(OperandShape.Constant, operand, value, "", ValueKind.Text, null, null, null, "");

    private ResolvedOperand ResolvePath(FieldOperand operand, CompiledCollection root)
    {
        var path = operand.Path;
        if (path.Length > MaxPathLength)
        {
            throw new FilterException($"The path '{operand.Text}' at position {operand.Position} follows more than {MaxPathLength - 1} relations.", operand.Position);
        }

        var froms = new List<string>(2);
        var wheres = new List<string>(2);
        var multi = false;
        var alias = rootAlias;
        var collection = root;
        for (var i = 0; i < path.Length - 1; i++)
        {
            var field = Field(collection, path[i], operand);
            if (field is not { Type: FieldType.Relation } relation)
            {
                throw new FilterException(
                    $"'{path[i]}' in '{operand.Text}' (position {operand.Position}) is not a relation, so '.{path[i + 1]}' cannot follow it.",
                    operand.Position, "a relation field before '.'");
            }

            var column = $"{alias}.{dialect.Quote(relation.Name)}";
            var target = schema.FindById(relation.TargetCollectionId!)
                ?? throw new FilterException($"The relation '{path[i]}' points at a collection that no longer exists.", operand.Position);
            var next = _aliasPrefix + "j" + ++_aliases;
            if (relation.IsMultiple)
            {
                var element = _aliasPrefix + "e" + ++_aliases;
                froms.Add(dialect.JsonArrayElements(column, element));
                wheres.Add($"{next}.\"id\" = {element}.value");
                multi = true;
            }
            else
            {
                wheres.Add($"{next}.\"id\" = {column}");
            }

            froms.Add($"{target.Table} {next}");
            if (ViewGuard(target, next) is { } guard)
            {
                wheres.Add(guard);
            }

            alias = next;
            collection = target;
        }

        var last = path[^1];
        string expression;
        ValueKind kind;
        string? direct = null;
        if (IsSystemField(last))
        {
            expression = $"{alias}.\"{last}\"";
            kind = last == "id" ? ValueKind.Text : ValueKind.DateTime;
        }
        else
        {
            var field = Field(collection, last, operand);
            expression = $"{alias}.{dialect.Quote(field.Name)}";
            kind = field.Type.Kind();
            if (field.IsMultiple)
            {
                direct = froms.Count == 0 ? expression : null;
                var element = _aliasPrefix + "e" + ++_aliases;
                froms.Add(dialect.JsonArrayElements(expression, element));
                expression = element + ".value";
                kind = ValueKind.Text;
                multi = true;
            }
        }

        var where = wheres.Count == 0 ? null : string.Join(" AND ", wheres);
        if (froms.Count == 0)
        {
            return new ResolvedOperand(OperandShape.Scalar, operand, null, expression, kind, null, null, null, operand.Text);
        }

        var from = string.Join(", ", froms);
        return multi
            ? new ResolvedOperand(OperandShape.Multi, operand, null, expression, kind, from, where, direct, operand.Text)
            : new ResolvedOperand(OperandShape.Scalar, operand, null, $"(SELECT {expression} FROM {from}{(where is null ? "" : " WHERE " + where)})", kind, null, null, null, operand.Text);
    }

    /// <summary>
    /// The condition under which the caller may view the related row <paramref name="alias"/> of <paramref name="target"/>,
    /// or <c>null</c> when they may view every row. Any other row reads as an empty relation, so that a filter or sort
    /// cannot probe values the view rule hides. Trusted paths (admins, rules) need none; the target's rule is itself
    /// trusted text and compiled without guards, so rules never recurse into each other. The public fields of users
    /// are visible to everyone (expand shows them), and their restricted fields are unknown to untrusted paths.
    /// </summary>
    private string? ViewGuard(CompiledCollection target, string alias)
    {
        var rule = target.ViewRule;
        if (trusted || target.IsUsers || rule.IsPublic)
        {
            return null;
        }

        if (rule.Expression is not { } expression)
        {
            return "(1=0)";
        }

        var start = sql.ParameterCount;
        var fragment = sql.Fragment();
        try
        {
            new FilterCompiler(schema, target, dialect, fragment, request, trusted: true, now, alias).Emit(expression);
            return fragment.Text.ToString();
        }
        catch (FilterException)
        {
            // As for the rule of the collection itself: a rule that cannot be evaluated for this caller denies.
            sql.TruncateParameters(start);
            return "(1=0)";
        }
    }

    public static bool IsSystemField(string name) => name is "id" or "created" or "updated";

    private FieldDefinition Field(CompiledCollection collection, string name, FieldOperand operand)
    {
        if (IsSystemField(name))
        {
            throw new FilterException($"'{name}' in '{operand.Text}' (position {operand.Position}) is not a relation.", operand.Position, "a relation field before '.'");
        }

        if (!collection.TryGetField(name, out var index) || (!trusted && collection.Fields[index].IsPrivate))
        {
            throw new FilterException(
                $"Unknown field '{name}' in collection '{collection.Name}' (position {operand.Position}).", operand.Position,
                "a field of " + collection.Name);
        }

        return collection.Fields[index];
    }
}
