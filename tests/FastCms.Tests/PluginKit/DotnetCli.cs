using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace FastCms.Tests.PluginKit;

/// <summary>
/// Runs the `dotnet` CLI as a plugin author would, in a clean environment: no MSBuild or test-runner variables of the
/// `dotnet test` this runs under, CI mode, no telemetry, no first-run text.
/// </summary>
internal static partial class DotnetCli
{
    public static async Task<string> RunAsync(string workingDirectory, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var arguments = args.ToList();
        var started = Stopwatch.StartNew();
        Progress($"dotnet {string.Join(' ', arguments.Take(2))} … (in {Path.GetFileName(workingDirectory)})");
        var start = new ProcessStartInfo("dotnet", arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var name in start.Environment.Keys.Where(IsInheritedBuildVariable).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["CI"] = "true";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = new StringBuilder();
        var stdout = PumpAsync(process.StandardOutput, output);
        var stderr = PumpAsync(process.StandardError, output);
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(15));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not finish in time:\n{output}");
        }

        await Task.WhenAll(stdout, stderr);
        Progress($"dotnet {string.Join(' ', arguments.Take(2))}: exit {process.ExitCode} after {started.Elapsed.TotalSeconds:F0} s");
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{output}");
        return output.ToString();
    }

    /// <summary>The totals of a `dotnet test` run on Microsoft.Testing.Platform.</summary>
    public static (int Total, int Failed, int Succeeded, int Skipped) Totals(string output)
    {
        int Count(string name) => TotalLine().Matches(output).Where(m => m.Groups[1].Value == name).Select(m => int.Parse(m.Groups[2].Value)).LastOrDefault(-1);
        return (Count("total"), Count("failed"), Count("succeeded"), Count("skipped"));
    }

    /// <summary>Slow steps say what they do while the test runs.</summary>
    public static void Progress(string message)
    {
        var line = $"[plugin kit] {DateTime.UtcNow:HH:mm:ss} {message}";
        Console.Error.WriteLine(line);
        TestContext.Current.TestOutputHelper?.WriteLine(line);
    }

    // Set by the `dotnet test` running this test; a nested build must choose its own.
    private static bool IsInheritedBuildVariable(string name) =>
        name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase)
        || name.Equals("DOTNET_HOST_PATH", StringComparison.OrdinalIgnoreCase);

    private static async Task PumpAsync(StreamReader reader, StringBuilder output)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    [GeneratedRegex(@"^\s*(total|failed|succeeded|skipped):\s*(\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex TotalLine();
}
