using System.Globalization;
using System.Text;

namespace FastCms.Records.Query;

internal enum TokenKind
{
    Identifier,
    Variable,
    String,
    Number,
    Operator,
    And,
    Or,
    Not,
    LeftParen,
    RightParen,
    True,
    False,
    Null,
    End,
}

/// <summary>A token; <see cref="Text"/> holds the identifier path, variable name or decoded string.</summary>
internal readonly record struct Token(TokenKind Kind, int Position, string Text, double Number = 0, CompareOp Op = default, bool AnyOf = false);

/// <summary>Splits a filter into tokens. Strings take backslash escapes; there is no other way to embed quotes.</summary>
internal static class FilterLexer
{
    public const int MaxLength = 4096;

    public static List<Token> Tokenize(string source)
    {
        if (source.Length > MaxLength)
        {
            throw new FilterException($"The expression is longer than {MaxLength} characters.", MaxLength);
        }

        var tokens = new List<Token>();
        var i = 0;
        while (true)
        {
            while (i < source.Length && char.IsWhiteSpace(source[i]))
            {
                i++;
            }

            if (i >= source.Length)
            {
                tokens.Add(new Token(TokenKind.End, i, ""));
                return tokens;
            }

            var start = i;
            var c = source[i];
            if (c == '"' || c == '\'')
            {
                tokens.Add(new Token(TokenKind.String, start, ReadString(source, ref i)));
            }
            else if (char.IsAsciiDigit(c) || (c == '-' && i + 1 < source.Length && (char.IsAsciiDigit(source[i + 1]) || source[i + 1] == '.')) || (c == '.' && i + 1 < source.Length && char.IsAsciiDigit(source[i + 1])))
            {
                tokens.Add(ReadNumber(source, ref i));
            }
            else if (IsIdentifierStart(c))
            {
                var path = ReadPath(source, ref i);
                tokens.Add(path switch
                {
                    "true" => new Token(TokenKind.True, start, path),
                    "false" => new Token(TokenKind.False, start, path),
                    "null" => new Token(TokenKind.Null, start, path),
                    _ => new Token(TokenKind.Identifier, start, path),
                });
            }
            else if (c == '@')
            {
                i++;
                if (i >= source.Length || !IsIdentifierStart(source[i]))
                {
                    throw new FilterException($"Expected a macro or request variable name after '@' at position {i}.", i, "a name such as @now or @request.auth.id");
                }

                tokens.Add(new Token(TokenKind.Variable, start, ReadPath(source, ref i)));
            }
            else
            {
                tokens.Add(ReadSymbol(source, ref i));
            }
        }
    }

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static string ReadPath(string source, ref int i)
    {
        var start = i;
        while (true)
        {
            while (i < source.Length && IsIdentifierPart(source[i]))
            {
                i++;
            }

            if (i + 1 < source.Length && source[i] == '.' && IsIdentifierStart(source[i + 1]))
            {
                i++;
                continue;
            }

            if (i < source.Length && source[i] == '.')
            {
                throw new FilterException($"Expected a field name after '.' at position {i + 1}.", i + 1, "a field name");
            }

            return source[start..i];
        }
    }

    private static Token ReadNumber(string source, ref int i)
    {
        var start = i;
        if (source[i] == '-')
        {
            i++;
        }

        while (i < source.Length && (char.IsAsciiDigit(source[i]) || source[i] == '.'))
        {
            i++;
        }

        if (i < source.Length && (source[i] == 'e' || source[i] == 'E'))
        {
            i++;
            if (i < source.Length && (source[i] == '+' || source[i] == '-'))
            {
                i++;
            }

            while (i < source.Length && char.IsAsciiDigit(source[i]))
            {
                i++;
            }
        }

        var text = source[start..i];
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value)
            || (i < source.Length && IsIdentifierPart(source[i])))
        {
            throw new FilterException($"Invalid number '{text}' at position {start}.", start, "a number such as 42 or -1.5");
        }

        return new Token(TokenKind.Number, start, text, value);
    }

    private static string ReadString(string source, ref int i)
    {
        var quote = source[i];
        var start = i++;
        var text = new StringBuilder();
        while (i < source.Length)
        {
            var c = source[i++];
            if (c == quote)
            {
                return text.ToString();
            }

            if (c != '\\')
            {
                text.Append(c);
                continue;
            }

            if (i >= source.Length)
            {
                break;
            }

            var escape = source[i++];
            switch (escape)
            {
                case '\\' or '"' or '\'' or '/': text.Append(escape); break;
                case 'n': text.Append('\n'); break;
                case 't': text.Append('\t'); break;
                case 'r': text.Append('\r'); break;
                case 'u' when i + 4 <= source.Length && ushort.TryParse(source.AsSpan(i, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code):
                    text.Append((char)code);
                    i += 4;
                    break;
                default:
                    throw new FilterException($"Unknown escape sequence '\\{escape}' at position {i - 2}.", i - 2, "one of \\\\ \\\" \\' \\n \\t \\r \\uXXXX");
            }
        }

        throw new FilterException($"Unterminated string starting at position {start}.", start, $"a closing {quote}");
    }

    private static Token ReadSymbol(string source, ref int i)
    {
        var start = i;
        var rest = source.AsSpan(i);
        (TokenKind Kind, int Length, CompareOp Op, bool Any) match = rest switch
        {
            _ when rest.StartsWith("&&") => (TokenKind.And, 2, default, false),
            _ when rest.StartsWith("||") => (TokenKind.Or, 2, default, false),
            _ when rest.StartsWith("?!=") => (TokenKind.Operator, 3, CompareOp.NotEqual, true),
            _ when rest.StartsWith("?!~") => (TokenKind.Operator, 3, CompareOp.NotLike, true),
            _ when rest.StartsWith("?>=") => (TokenKind.Operator, 3, CompareOp.GreaterOrEqual, true),
            _ when rest.StartsWith("?<=") => (TokenKind.Operator, 3, CompareOp.LessOrEqual, true),
            _ when rest.StartsWith("?=") => (TokenKind.Operator, 2, CompareOp.Equal, true),
            _ when rest.StartsWith("?>") => (TokenKind.Operator, 2, CompareOp.Greater, true),
            _ when rest.StartsWith("?<") => (TokenKind.Operator, 2, CompareOp.Less, true),
            _ when rest.StartsWith("?~") => (TokenKind.Operator, 2, CompareOp.Like, true),
            _ when rest.StartsWith("!=") => (TokenKind.Operator, 2, CompareOp.NotEqual, false),
            _ when rest.StartsWith("!~") => (TokenKind.Operator, 2, CompareOp.NotLike, false),
            _ when rest.StartsWith(">=") => (TokenKind.Operator, 2, CompareOp.GreaterOrEqual, false),
            _ when rest.StartsWith("<=") => (TokenKind.Operator, 2, CompareOp.LessOrEqual, false),
            _ when rest[0] == '=' => (TokenKind.Operator, 1, CompareOp.Equal, false),
            _ when rest[0] == '>' => (TokenKind.Operator, 1, CompareOp.Greater, false),
            _ when rest[0] == '<' => (TokenKind.Operator, 1, CompareOp.Less, false),
            _ when rest[0] == '~' => (TokenKind.Operator, 1, CompareOp.Like, false),
            _ when rest[0] == '!' => (TokenKind.Not, 1, default, false),
            _ when rest[0] == '(' => (TokenKind.LeftParen, 1, default, false),
            _ when rest[0] == ')' => (TokenKind.RightParen, 1, default, false),
            _ => throw new FilterException(
                $"Unexpected character '{source[i]}' at position {i}.", i, "a field, value, operator, '&&', '||', '!' or parentheses"),
        };

        i += match.Length;
        return new Token(match.Kind, start, source.Substring(start, match.Length), 0, match.Op, match.Any);
    }
}
