namespace FastCms.Records.Query;

/// <summary>
/// Recursive-descent parser for filters and access rules:
/// <code>
/// expression := or
/// or         := and ( "||" and )*
/// and        := unary ( "&amp;&amp;" unary )*
/// unary      := "!" unary | "(" expression ")" | comparison
/// comparison := operand operator operand
/// operand    := field.path | "string" | 'string' | number | true | false | null | @macro | @request.path
/// </code>
/// <c>&amp;&amp;</c> binds tighter than <c>||</c>; <c>!</c> binds tightest.
/// </summary>
internal sealed class FilterParser
{
    public const int MaxDepth = 64;

    private readonly List<Token> _tokens;
    private int _index;
    private int _depth;

    private FilterParser(List<Token> tokens) => _tokens = tokens;

    public static FilterNode Parse(string source)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            throw new FilterException("The expression is empty.", 0, "a comparison such as title = \"hello\"");
        }

        var parser = new FilterParser(FilterLexer.Tokenize(source));
        var node = parser.ParseOr();
        var next = parser.Peek;
        if (next.Kind != TokenKind.End)
        {
            throw Unexpected(next, next.Kind == TokenKind.RightParen ? "'&&', '||' or the end (this ')' has no matching '(')" : "'&&', '||' or the end of the expression");
        }

        return node;
    }

    private Token Peek => _tokens[_index];

    private Token Next() => _tokens[_index++];

    private FilterNode ParseOr()
    {
        var left = ParseAnd();
        while (Peek.Kind == TokenKind.Or)
        {
            Next();
            left = new OrNode(left, ParseAnd());
        }

        return left;
    }

    private FilterNode ParseAnd()
    {
        var left = ParseUnary();
        while (Peek.Kind == TokenKind.And)
        {
            Next();
            left = new AndNode(left, ParseUnary());
        }

        return left;
    }

    private FilterNode ParseUnary()
    {
        var token = Peek;
        if (++_depth > MaxDepth)
        {
            throw new FilterException($"The expression nests deeper than {MaxDepth} levels at position {token.Position}.", token.Position);
        }

        try
        {
            if (token.Kind == TokenKind.Not)
            {
                Next();
                return new NotNode(ParseUnary(), token.Position);
            }

            if (token.Kind == TokenKind.LeftParen)
            {
                Next();
                var inner = ParseOr();
                var close = Next();
                if (close.Kind != TokenKind.RightParen)
                {
                    throw Unexpected(close, $"')' to close the '(' at position {token.Position}, '&&' or '||'");
                }

                return inner;
            }

            return ParseComparison();
        }
        finally
        {
            _depth--;
        }
    }

    private ComparisonNode ParseComparison()
    {
        var left = ParseOperand();
        var op = Next();
        if (op.Kind != TokenKind.Operator)
        {
            throw Unexpected(op, "a comparison operator (= != > >= < <= ~ !~ or an any-of form such as ?=)");
        }

        var right = ParseOperand();
        if (left is LiteralOperand or MacroOperand && right is LiteralOperand or MacroOperand)
        {
            throw new FilterException(
                $"The comparison at position {left.Position} compares two constants; one side must be a field or an @request value.",
                left.Position, "a field name");
        }

        return new ComparisonNode(left, op.Op, op.AnyOf, right, op.Position);
    }

    private Operand ParseOperand()
    {
        var token = Next();
        return token.Kind switch
        {
            TokenKind.Identifier => new FieldOperand(token.Text.Split('.'), token.Position),
            TokenKind.String => new LiteralOperand(token.Text, token.Position),
            TokenKind.Number => new LiteralOperand(token.Number, token.Position),
            TokenKind.True => new LiteralOperand(true, token.Position),
            TokenKind.False => new LiteralOperand(false, token.Position),
            TokenKind.Null => new LiteralOperand(null, token.Position),
            TokenKind.Variable => Variable(token),
            _ => throw Unexpected(token, "a field name, a value (\"text\", 42, true, false, null), a date macro or an @request value"),
        };
    }

    private static Operand Variable(Token token)
    {
        var path = token.Text.Split('.');
        if (path[0] == "request")
        {
            return new RequestOperand(path, token.Position);
        }

        if (path.Length == 1 && DateMacros.IsKnown(path[0]))
        {
            return new MacroOperand(path[0], token.Position);
        }

        throw new FilterException(
            $"Unknown variable '@{token.Text}' at position {token.Position}.", token.Position,
            $"one of {DateMacros.List} or @request.auth.id, @request.auth.role, @request.auth.email, @request.data.<field>, @request.query.<key>, @request.method");
    }

    private static FilterException Unexpected(Token token, string expected)
    {
        var found = token.Kind == TokenKind.End ? "the end of the expression" : $"'{token.Text}'";
        return new FilterException($"Expected {expected} at position {token.Position} but found {found}.", token.Position, expected);
    }
}
