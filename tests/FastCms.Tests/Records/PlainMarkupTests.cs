using System.Text;
using FastCms.Records;

namespace FastCms.Tests.Records;

/// <summary>
/// Editor HTML recognized as left unchanged by sanitizing is stored without a parse: here the recognizer is checked
/// against the sanitizer itself, on fixed cases and on generated markup near the edges of what it accepts.
/// </summary>
public sealed class PlainMarkupTests
{
    [Theory]
    [InlineData("<p>x</p>")]
    [InlineData("Plain words, with punctuation: \"quoted\" 'too'; 100% (yes) = true.")]
    [InlineData("<h2>Title</h2>\n<p>One <b>bold</b>, <em>leaning</em> and <code>code</code>.<br>Next line</p>")]
    [InlineData("<ul><li>one</li>\n  <li>two <strong>2</strong><ul><li>inner</li></ul></li></ul><ol><li>x</li></ol>")]
    [InlineData("  <p>Grüße aus 東京 😀</p>  ")]
    [InlineData("<b><b><b><b>deep</b></b></b></b>")]
    [InlineData("<p></p><span></span>")]
    public void Recognized_SanitizerLeavesItUnchanged(string html)
    {
        Assert.True(PlainMarkup.IsUnchangedBySanitizing(html));
        Assert.Equal(html.Trim(), EditorHtml.Parsed(html));
    }

    [Theory]
    [InlineData("<p class=\"x\">attribute</p>")]
    [InlineData("<P>upper case</P>")]
    [InlineData("<p>unclosed")]
    [InlineData("<b><i>misnested</b></i>")]
    [InlineData("a < b")]
    [InlineData("a > b")]
    [InlineData("fish &amp; chips")]
    [InlineData("line\r\nbreak")]
    [InlineData("no\u00A0break")]
    [InlineData("<p><p>nested paragraph</p></p>")]
    [InlineData("<b><p>block in inline</p></b>")]
    [InlineData("<li>item outside a list</li>")]
    [InlineData("<ul>text in a list</ul>")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<!-- comment -->")]
    [InlineData("<br/>")]
    [InlineData("<pre>\nkept?</pre>")]
    public void NotRecognized_GoesToTheParser(string html) => Assert.False(PlainMarkup.IsUnchangedBySanitizing(html));

    [Fact]
    public void LoneSurrogate_GoesToTheParser()
    {
        // Built here: test data passed through attributes turns a lone surrogate into U+FFFD.
        Assert.False(PlainMarkup.IsUnchangedBySanitizing("lone " + (char)0xD800 + " surrogate"));
        Assert.False(PlainMarkup.IsUnchangedBySanitizing("ends high " + (char)0xD83D));
        Assert.True(PlainMarkup.IsUnchangedBySanitizing("a pair " + char.ConvertFromUtf32(0x1F600)));
    }

    [Fact]
    public void GeneratedMarkup_SanitizeEqualsTheParsedResult()
    {
        var random = new Random(20261205);
        var recognized = 0;
        for (var n = 0; n < 20_000; n++)
        {
            var html = Generate(random);
            var fast = PlainMarkup.IsUnchangedBySanitizing(html);
            var parsed = EditorHtml.Parsed(html);
            if (fast)
            {
                recognized++;
                Assert.True(html.Trim() == parsed, $"recognized but changed by the sanitizer:\n{html}\n->\n{parsed}");
            }

            Assert.Equal(parsed, EditorHtml.Sanitize(html));
        }

        // The generator stays near the edge from both sides: a fair share of its output must be recognized.
        Assert.InRange(recognized, 2_000, 18_000);
    }

    private static readonly string[] _tags =
        ["p", "h1", "h3", "ul", "ol", "li", "b", "i", "em", "strong", "code", "span", "s", "u", "sub", "sup", "q", "cite", "small", "a", "div", "pre", "table", "td", "blockquote", "P"];

    private static readonly string[] _texts =
        ["x", "word", " ", "\n", "\t", "two words", "ü", "東京", "😀", "a < b", "a > b", "&amp;", "&", "\u00A0", "\r\n", "\"'", "=", "/", "\u0001", "\u0085"];

    private static string Generate(Random random)
    {
        var html = new StringBuilder();
        var open = new List<string>();
        var steps = random.Next(1, 14);
        for (var i = 0; i < steps; i++)
        {
            var roll = random.Next(100);
            if (roll < 35)
            {
                html.Append(_texts[random.Next(random.Next(100) < 85 ? 9 : _texts.Length)]);
            }
            else if (roll < 65)
            {
                var tag = _tags[random.Next(random.Next(100) < 85 ? 20 : _tags.Length)];
                html.Append('<').Append(tag).Append(random.Next(100) < 5 ? " title=\"t\"" : "").Append('>');
                open.Add(tag);
            }
            else if (roll < 90 && open.Count > 0)
            {
                // Mostly the innermost tag, sometimes another: misnesting.
                var at = random.Next(100) < 90 ? open.Count - 1 : random.Next(open.Count);
                html.Append("</").Append(open[at]).Append('>');
                open.RemoveAt(at);
            }
            else
            {
                html.Append(random.Next(100) < 80 ? "<br>" : "<br/>");
            }
        }

        // Usually closed at the end, sometimes left open.
        if (random.Next(100) < 90)
        {
            for (var i = open.Count - 1; i >= 0; i--)
            {
                html.Append("</").Append(open[i]).Append('>');
            }
        }

        return html.ToString();
    }
}
