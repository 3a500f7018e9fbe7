using BenchmarkDotNet.Attributes;
using FastCms.Records;

namespace FastCms.Benchmarks;

/// <summary>
/// What storing an editor field's HTML costs: markup the sanitizer leaves as it is, recognized without a parse, against
/// the sanitizer's parse of the same markup; and markup with a link, which is always parsed.
/// </summary>
[MemoryDiagnoser]
public class EditorHtmlBenchmarks
{
    private const string Paragraphs = "<h2>Release notes</h2>\n<p>This release brings <strong>faster writes</strong> and <em>fewer</em> surprises.<br>Read on.</p>\n<ul><li>one</li><li>two</li></ul>";

    private const string WithLink = "<p>See <a href=\"https://example.com/notes\">the notes</a>.</p>";

    [Benchmark(Baseline = true, Description = "paragraphs, recognized")]
    public string Recognized() => EditorHtml.Sanitize(Paragraphs);

    [Benchmark(Description = "paragraphs, parsed")]
    public string Parsed() => EditorHtml.Parsed(Paragraphs);

    [Benchmark(Description = "a link, parsed")]
    public string Link() => EditorHtml.Sanitize(WithLink);
}
