using System.Text.RegularExpressions;

namespace FastCms.Tests.PluginKit;

/// <summary>
/// The code blocks of the plugin tutorial in docs/plugin-development.md that change the generated plugin: a block whose
/// fence names <c>file=PATH</c> is a new file, one naming <c>insert=PATH after="TEXT"</c> goes after the first line
/// containing TEXT. They are applied to a project made by <c>dotnet new fastcms-plugin -n ReadingTime</c>.
/// </summary>
internal sealed partial record TutorialStep(string Path, string? After, string Code)
{
    public static IReadOnlyList<TutorialStep> Read(string markdown) =>
        [.. Block().Matches(markdown).Select(m =>
        {
            var attributes = Attribute().Matches(m.Groups[1].Value).ToDictionary(a => a.Groups[1].Value, a => a.Groups[2].Value.Trim('"'));
            return attributes.TryGetValue("file", out var file)
                ? new TutorialStep(file, null, m.Groups[2].Value)
                : new TutorialStep(attributes["insert"], attributes["after"], m.Groups[2].Value);
        })];

    public int Tests => FactAttribute().Matches(Code).Count;

    public void ApplyTo(string projectRoot)
    {
        var path = System.IO.Path.Combine(projectRoot, Path);
        if (After is null)
        {
            File.WriteAllText(path, Code);
            return;
        }

        var lines = File.ReadAllLines(path).ToList();
        var anchor = lines.FindIndex(l => l.Contains(After, StringComparison.Ordinal));
        Assert.True(anchor >= 0, $"The tutorial inserts into {Path} after \"{After}\", but no line there contains it.");
        lines.InsertRange(anchor + 1, Code.TrimEnd('\n').Split('\n'));
        File.WriteAllLines(path, lines);
    }

    [GeneratedRegex(@"^```\w+ ((?:file|insert)=[^\n]*)\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Block();

    [GeneratedRegex(@"(\w+)=(""[^""]*""|\S+)")]
    private static partial Regex Attribute();

    [GeneratedRegex(@"\[Fact\]")]
    private static partial Regex FactAttribute();
}
