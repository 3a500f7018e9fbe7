using FastCms.Records.Query;

namespace FastCms.Tests.Records;

/// <summary>The parser on its own: the tree it builds and where it reports errors.</summary>
public sealed class FilterParserTests
{
    [Fact]
    public void Parse_AndBindsTighterThanOr()
    {
        var node = FilterParser.Parse("a = 1 || b = 2 && c = 3");
        var or = Assert.IsType<OrNode>(node);
        Assert.IsType<ComparisonNode>(or.Left);
        Assert.IsType<AndNode>(or.Right);
    }

    [Fact]
    public void Parse_ParenthesesAndNot_Nest()
    {
        var node = FilterParser.Parse("!(a = 1 || (b.c ?!= \"x\"))");
        var not = Assert.IsType<NotNode>(node);
        var or = Assert.IsType<OrNode>(not.Inner);
        var comparison = Assert.IsType<ComparisonNode>(or.Right);
        Assert.Equal(["b", "c"], Assert.IsType<FieldOperand>(comparison.Left).Path);
        Assert.Equal(CompareOp.NotEqual, comparison.Op);
        Assert.True(comparison.AnyOf);
        Assert.Equal("x", Assert.IsType<LiteralOperand>(comparison.Right).Value);
    }

    [Theory]
    [InlineData("a = \"q\\\"uote\"", "q\"uote")]
    [InlineData("a = 'it\\'s'", "it's")]
    [InlineData("a = \"tab\\there\"", "tab\there")]
    [InlineData("a = \"\\u00e9\"", "é")]
    [InlineData("a = \"a\\\\b\"", "a\\b")]
    public void Parse_StringEscapes_AreDecoded(string filter, string value)
    {
        var comparison = Assert.IsType<ComparisonNode>(FilterParser.Parse(filter));
        Assert.Equal(value, Assert.IsType<LiteralOperand>(comparison.Right).Value);
    }

    [Theory]
    [InlineData("a = @now", typeof(MacroOperand))]
    [InlineData("a = @request.auth.id", typeof(RequestOperand))]
    [InlineData("a = -2.5e3", typeof(LiteralOperand))]
    [InlineData("a = null", typeof(LiteralOperand))]
    public void Parse_Operands_HaveTheirKind(string filter, Type kind) =>
        Assert.IsType(kind, Assert.IsType<ComparisonNode>(FilterParser.Parse(filter)).Right);

    [Theory]
    [InlineData("a =", 3)]
    [InlineData("a = 1 ||", 8)]
    [InlineData("(a = 1", 6)]
    [InlineData("a = 1 )", 6)]
    [InlineData("a = $", 4)]
    [InlineData("a. = 1", 2)]
    [InlineData("", 0)]
    public void Parse_Errors_ReportPosition(string filter, int position)
    {
        var error = Assert.Throws<FilterException>(() => FilterParser.Parse(filter));
        Assert.Equal(position, error.Position);
    }

    [Fact]
    public void Parse_TooDeep_IsRefused() =>
        Assert.Throws<FilterException>(() => FilterParser.Parse(new string('(', 100) + "a = 1" + new string(')', 100)));
}
