using System.Net;
using System.Net.Sockets;
using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.Foundation;

/// <summary>Starts the real server process with bad settings or an occupied address and reads what it tells the operator.</summary>
public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("FastCms__Auth__AccessTokenMinutes", "0", "FastCms:Auth:AccessTokenMinutes must be between 1 and 1440 (got 0)")]
    [InlineData("FastCms__Auth__AccessTokenMinutes", "soon", "'soon' at 'FastCms:Auth:AccessTokenMinutes'")]
    [InlineData("FastCms__Database__Provider", "mysql", "FastCms:Database:Provider must be 'sqlite' or 'postgres'")]
    [InlineData("FastCms__Database__SqliteLogRestartPages", "10", "FastCms:Database:SqliteLogRestartPages must be at least 100 (got 10)")]
    [InlineData("FastCms__Storage__Provider", "ftp", "FastCms:Storage:Provider must be one of 'local'")]
    [InlineData("FastCms__Files__MaxFileSize", "0", "FastCms:Files:MaxFileSize must be a number of bytes greater than 0")]
    [InlineData("FastCms__Auth__JwtSecret", "short", "FastCms:Auth:JwtSecret must be at least 32 characters")]
    [InlineData("FastCms__RateLimits__Register__PermitLimit", "0", "FastCms:RateLimits:Register:PermitLimit must be between 1 and 1000000 (got 0)")]
    [InlineData("FastCms__Plugins__RegisterTimeoutSeconds", "0", "FastCms:Plugins:RegisterTimeoutSeconds must be between 1 and 3600 (got 0)")]
    [InlineData("FastCms__TrustedProxies__0", "proxy.local", "FastCms:TrustedProxies must list IP addresses or CIDR ranges such as 10.0.0.0/8 (not valid: proxy.local)")]
    [InlineData("FastCms__Metrics__ScrapeToken", "short", "FastCms:Metrics:ScrapeToken must be at least 16 characters long")]
    [InlineData("FastCms__Metrics__MaxSeriesPerMetric", "5", "FastCms:Metrics:MaxSeriesPerMetric must be between 10 and 100000 (it is 5)")]
    public async Task Start_InvalidSetting_ExitsWithMessageNamingIt(string variable, string value, string expected)
    {
        var root = TestPaths.NewRoot();
        try
        {
            var (exitCode, output) = await RunServerAsync(root, "http://127.0.0.1:0", (variable, value));

            Assert.Equal(2, exitCode);
            Assert.Contains(expected, output);
            Assert.DoesNotContain("Unhandled exception", output);
            Assert.False(File.Exists(Path.Combine(root, "data", "fastcms.db")), "nothing is written before the configuration is valid");
        }
        finally
        {
            TestPaths.TryDelete(root);
        }
    }

    [Fact]
    public async Task Start_AddressInUse_ExitsWithMessageNamingTheAddress()
    {
        var root = TestPaths.NewRoot();
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var address = $"http://127.0.0.1:{((IPEndPoint)occupant.LocalEndpoint).Port}";
        try
        {
            var (exitCode, output) = await RunServerAsync(root, address, null);

            Assert.Equal(1, exitCode);
            Assert.Contains($"Failed to bind to address {address}: address already in use.", output);
            Assert.Contains("stop it, or give FastCMS another address with --urls", output);
            Assert.DoesNotContain("Unhandled exception", output);
        }
        finally
        {
            TestPaths.TryDelete(root);
        }
    }

    private static Task<(int ExitCode, string Output)> RunServerAsync(string root, string address, (string Name, string Value)? variable) =>
        ServerProcess.RunAsync(root, variable is { } v ? [v] : [], "--urls", address);
}
