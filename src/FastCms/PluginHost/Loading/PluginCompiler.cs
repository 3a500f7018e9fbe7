using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using FastCms.Kernel;
using FastCms.PluginHost.Lifecycle;
using FastCms.Plugins;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;

namespace FastCms.PluginHost.Loading;

internal sealed record CompileResult(string? AssemblyPath, bool CacheHit, IReadOnlyList<string> Errors, double Milliseconds)
{
    /// <summary>The compile error when there is no assembly.</summary>
    public PluginFailure? Failure => AssemblyPath is null ? PluginFailure.CompileError(Errors) : null;
}

/// <summary>A source plugin read and hashed, ready to be compiled unless <see cref="Cached"/>.</summary>
internal sealed record CompileJob(
    PluginInfo Info,
    List<(string Path, byte[] Bytes)> Files,
    string Folder,
    string Output,
    bool Cached,
    double PrepareMilliseconds);

/// <summary>
/// Compiles a source plugin's <c>*.cs</c> files into one assembly with Roslyn, against the host's own
/// assemblies, and caches it under <c>data/plugin-cache</c> keyed by a hash of the sources, the contract, the
/// runtime and the compiler. A cache hit loads no compiler at all.
/// </summary>
internal sealed class PluginCompiler(ContentPaths paths)
{
    /// <summary>The namespaces every source plugin imports implicitly; <c>plugin new</c> writes the same list into the IDE project.</summary>
    public static readonly IReadOnlyList<string> ImplicitNamespaces =
    [
        "System",
        "System.Collections.Generic",
        "System.Linq",
        "System.Security.Claims",
        "System.Threading",
        "System.Threading.Tasks",
        "FastCms.Plugins",
        "FastCms.Plugins.Data",
        "FastCms.Plugins.Events",
        "FastCms.Plugins.Jobs",
        "FastCms.Plugins.Realtime",
        "Microsoft.AspNetCore.Builder",
        "Microsoft.AspNetCore.Http",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.EntityFrameworkCore",
        "Microsoft.Extensions.DependencyInjection",
        "Microsoft.Extensions.Logging",
    ];

    private static readonly string GlobalUsings = string.Join('\n', ImplicitNamespaces.Select(n => $"global using {n};"));

    private static readonly Lazy<string> EnvironmentKey = new(ComputeEnvironmentKey);

    public string CacheDirectory => Path.Combine(paths.DataDir, "plugin-cache");

    /// <summary>Hashes the sources and finds the cached assembly if there is one; cheap, no compiler involved.</summary>
    public CompileJob Prepare(PluginSource source)
    {
        var started = Stopwatch.GetTimestamp();
        var files = source.SourceFiles.Select(f => (Path: f, Bytes: File.ReadAllBytes(f))).ToList();
        var folder = Path.Combine(CacheDirectory, source.Info.Folder);
        var output = Path.Combine(folder, Hash(source.Info.Path, files) + ".dll");
        return new CompileJob(source.Info, files, folder, output, File.Exists(output), Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>Compiles the job unless its assembly is cached.</summary>
    public CompileResult Compile(CompileJob job)
    {
        if (job.Cached)
        {
            return new CompileResult(job.Output, true, [], job.PrepareMilliseconds);
        }

        var started = Stopwatch.GetTimestamp();
        var errors = Emit(job.Info, job.Files, job.Folder, job.Output);
        var elapsed = job.PrepareMilliseconds + Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return new CompileResult(errors.Count == 0 ? job.Output : null, false, errors, elapsed);
    }

    private static List<string> Emit(PluginInfo info, List<(string Path, byte[] Bytes)> files, string folder, string output)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = files
            .Select(f => CSharpSyntaxTree.ParseText(SourceText.From(f.Bytes, f.Bytes.Length, Encoding.UTF8, canBeEmbedded: true), parse, f.Path))
            .Append(CSharpSyntaxTree.ParseText(SourceText.From(GlobalUsings, Encoding.UTF8), parse, Path.Combine(info.Path, "obj", "GlobalUsings.g.cs")))
            .ToList();
        var compilation = CSharpCompilation.Create(
            "FastCmsPlugin." + info.Folder,
            trees,
            PluginReferences.Get(),
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                optimizationLevel: OptimizationLevel.Release,
                nullableContextOptions: NullableContextOptions.Enable,
                deterministic: true));

        Directory.CreateDirectory(folder);
        var temp = output + "." + Guid.NewGuid().ToString("N") + ".tmp";
        EmitResult result;
        using (var dll = File.Create(temp))
        {
            result = compilation.Emit(
                dll,
                options: new EmitOptions(debugInformationFormat: DebugInformationFormat.Embedded),
                embeddedTexts: trees.Take(files.Count).Select(t => EmbeddedText.FromSource(t.FilePath, t.GetText())));
        }

        if (!result.Success)
        {
            File.Delete(temp);
            return [.. result.Diagnostics
                .Where(d => d.Severity == DiagnosticSeverity.Error)
                .Select(d => Format(info.Path, d))
                .Distinct()
                .Take(50)];
        }

        foreach (var stale in Directory.EnumerateFiles(folder, "*.dll"))
        {
            File.Delete(stale);
        }

        File.Move(temp, output, overwrite: true);
        return [];
    }

    private static string Format(string root, Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetMappedLineSpan();
        var file = span.Path is { Length: > 0 } path ? Path.GetRelativePath(root, path) : "(plugin)";
        return $"{file}:{span.StartLinePosition.Line + 1}:{span.StartLinePosition.Character + 1} {diagnostic.Id} {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    private static string Hash(string root, List<(string Path, byte[] Bytes)> files)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(EnvironmentKey.Value));
        foreach (var (path, bytes) in files)
        {
            sha.AppendData(Encoding.UTF8.GetBytes("\n" + Path.GetRelativePath(root, path) + "\n" + bytes.Length + "\n"));
            sha.AppendData(bytes);
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset())[..32];
    }

    // Whatever changes the meaning of the sources: the contract, the runtime, the compiler and the references.
    private static string ComputeEnvironmentKey()
    {
        var contract = typeof(IPlugin).Assembly;
        var compiler = typeof(PluginCompiler).Assembly.GetReferencedAssemblies().FirstOrDefault(a => a.Name == "Microsoft.CodeAnalysis.CSharp");
        var references = string.Join(";", HostAssemblies.CompileReferencePaths().Select(Path.GetFileName).Order(StringComparer.Ordinal));
        return string.Join("|", PluginApi.Version, contract.ManifestModule.ModuleVersionId, Environment.Version, compiler?.Version, references, GlobalUsings);
    }
}
