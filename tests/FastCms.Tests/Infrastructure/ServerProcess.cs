using System.Diagnostics;

namespace FastCms.Tests.Infrastructure;

/// <summary>Runs the real server executable (<c>dotnet FastCms.dll …</c>) to its exit, for what it tells an operator.</summary>
public static class ServerProcess
{
    /// <summary>Runs the server in <paramref name="root"/> and returns its exit code with stdout and stderr; killed after 60 s.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string root, (string Name, string Value)[] environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "FastCms.dll"), .. args])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output + await errors);
    }
}
