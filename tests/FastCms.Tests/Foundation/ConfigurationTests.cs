using System.Diagnostics;
using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.Foundation;

/// <summary>Starts the real server process with bad settings and reads what it tells the operator.</summary>
public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("FastCms__Auth__AccessTokenMinutes", "0", "FastCms:Auth:AccessTokenMinutes must be between 1 and 1440 (got 0)")]
    [InlineData("FastCms__Auth__AccessTokenMinutes", "soon", "'soon' at 'FastCms:Auth:AccessTokenMinutes'")]
    [InlineData("FastCms__Database__Provider", "mysql", "FastCms:Database:Provider must be 'sqlite' or 'postgres'")]
    [InlineData("FastCms__Auth__JwtSecret", "short", "FastCms:Auth:JwtSecret must be at least 32 characters")]
    public async Task Start_InvalidSetting_ExitsWithMessageNamingIt(string variable, string value, string expected)
    {
        var root = TestPaths.NewRoot();
        try
        {
            var server = Path.Combine(AppContext.BaseDirectory, "FastCms.dll");
            var start = new ProcessStartInfo("dotnet", [server, "--urls", "http://127.0.0.1:0"])
            {
                WorkingDirectory = root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment[variable] = value;
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);

            Assert.Equal(2, process.ExitCode);
            Assert.Contains(expected, await output + await errors);
            Assert.False(File.Exists(Path.Combine(root, "data", "fastcms.db")), "nothing is written before the configuration is valid");
        }
        finally
        {
            TestPaths.TryDelete(root);
        }
    }
}
