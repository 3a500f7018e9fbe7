using System.Text.RegularExpressions;
using FastCms.PluginHost.Loading;
using FastCms.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FastCms.Tests.PluginKit;

/// <summary>
/// The plugin guide's C# compiles against the contract exactly as the server compiles plugins (same references, same
/// implicit usings), so the guide cannot drift from the API it teaches.
/// </summary>
public sealed partial class GuideSnippetTests
{
    // What the guide's snippets take for granted: the reader's own helpers, named in the guide as such.
    private const string ReaderMethods = """
        static int Estimate(string text) => text.Length / 1000;

        static int Estimate(System.Text.Json.Nodes.JsonObject data) => data.Count;

        static Task NotifySomeoneAsync(System.Text.Json.Nodes.JsonObject data) => Task.CompletedTask;
        """;

    private const string ReaderLocals = "var stats = new { Count = 0, Reset = (Action)(() => { }) };";

    [Fact]
    public void PluginDevelopmentGuide_EveryCSharpSnippet_CompilesAgainstTheContract()
    {
        var snippets = CSharpBlocks(Read("docs/plugin-development.md"));
        var files = new List<SyntaxTree>();
        var types = new List<MemberDeclarationSyntax>();
        var usings = new List<string>();
        var statements = new List<string> { ReaderLocals };
        foreach (var snippet in snippets)
        {
            if (snippet.Contains("namespace ", StringComparison.Ordinal))
            {
                files.Add(Parse(snippet, SourceCodeKind.Regular));
                continue;
            }

            // A snippet is either code of Register's body or type declarations, or both (a settings class and its use).
            var script = (CompilationUnitSyntax)Parse(snippet, SourceCodeKind.Script).GetRoot();
            usings.AddRange(script.Usings.Select(u => u.ToFullString()));
            // In script code a top-level `var x = …;` is a field; in Register it is a local. A method (a whole Register)
            // goes into a class of its own.
            types.AddRange(script.Members.Where(m => m is not (GlobalStatementSyntax or FieldDeclarationSyntax or MethodDeclarationSyntax)));
            if (script.Members.OfType<MethodDeclarationSyntax>().ToList() is { Count: > 0 } methods)
            {
                types.Add(SyntaxFactory.ParseMemberDeclaration(
                    $"public sealed class Snippet{types.Count} {{ {string.Concat(methods.Select(m => m.ToFullString()))} }}")!);
            }

            var body = string.Concat(script.Members.Where(m => m is GlobalStatementSyntax or FieldDeclarationSyntax).Select(s => s.ToFullString()));
            if (body.Trim().Length > 0)
            {
                statements.Add(body);
            }
        }

        var guide = $$"""
            {{string.Join("", usings)}}
            namespace Guide;

            {{string.Join("\n\n", types.Select(t => t.ToFullString()))}}

            public static class RegisterBody
            {
                {{ReaderMethods}}

                public static async Task RunAsync(IPluginContext ctx, CancellationToken cancellationToken)
                {
                    {{string.Join("\n", statements)}}
                }
            }
            """;
        files.Add(Parse(guide, SourceCodeKind.Regular));

        var errors = Compile(files).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

        Assert.True(snippets.Count >= 10, $"found only {snippets.Count} C# blocks in the guide");
        Assert.True(errors.Count == 0, "The guide's C# does not compile:\n" + string.Join("\n", errors) + "\n\n" + guide);
    }

    [Fact]
    public void Docs_ImplicitUsings_ListExactlyWhatTheCompilerImports()
    {
        var plugins = Read("docs/plugins.md");
        var sentence = plugins[plugins.IndexOf("Source plugins get these `using`s implicitly", StringComparison.Ordinal)..];
        sentence = sentence[..sentence.IndexOf(". ", StringComparison.Ordinal)];
        var listedInPlugins = CodeSpans().Matches(sentence).Select(m => m.Groups[1].Value).Where(n => n != "using").ToList();
        var listedInProject = UsingItems().Matches(Read("docs/plugin-development.md")).Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(PluginCompiler.ImplicitNamespaces, listedInPlugins);
        Assert.Equal(PluginCompiler.ImplicitNamespaces, listedInProject);
    }

    private static IEnumerable<Diagnostic> Compile(IEnumerable<SyntaxTree> trees)
    {
        var usings = Parse(string.Join("\n", PluginCompiler.ImplicitNamespaces.Select(n => $"global using {n};")), SourceCodeKind.Regular);
        var compilation = CSharpCompilation.Create(
            "GuideSnippets",
            [usings, .. trees],
            HostAssemblies.CompileReferencePaths().Select(p => MetadataReference.CreateFromFile(p)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        return compilation.GetDiagnostics();
    }

    private static SyntaxTree Parse(string source, SourceCodeKind kind) =>
        CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest, kind: kind));

    private static List<string> CSharpBlocks(string markdown) =>
        [.. CSharpFence().Matches(markdown).Select(m => m.Groups[1].Value)];

    private static string Read(string relative) => File.ReadAllText(Path.Combine(PluginFolders.RepositoryRoot(), relative));

    [GeneratedRegex(@"```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpFence();

    [GeneratedRegex(@"`([A-Za-z.]+)`")]
    private static partial Regex CodeSpans();

    [GeneratedRegex(@"<Using Include=""([A-Za-z.]+)"" />")]
    private static partial Regex UsingItems();
}
