using System.Diagnostics;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;

namespace FastCms.Tests.Infrastructure;

/// <summary>
/// An S3-protocol server (the npm package s3rver, restored by the test build into <c>S3Server/</c>) on 127.0.0.1 with
/// a free port, started once per test run and shared; each user takes its own bucket. It exits when the test process
/// does (it watches its standard input).
/// </summary>
public sealed class S3TestServer
{
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private static readonly Lazy<Task<S3TestServer>> Shared = new(StartAsync);

    private S3TestServer(string endpoint) => Endpoint = endpoint;

    /// <summary>For example <c>http://127.0.0.1:41234</c>.</summary>
    public string Endpoint { get; }

    public static Task<S3TestServer> GetAsync() => Shared.Value;

    /// <summary>Creates an empty bucket with a fresh name and returns the name.</summary>
    public async Task<string> CreateBucketAsync()
    {
        var name = "test-" + Guid.NewGuid().ToString("N")[..16];
        using var client = CreateClient();
        await client.PutBucketAsync(name);
        return name;
    }

    /// <summary>A client for looking into buckets directly, past the server under test.</summary>
    public AmazonS3Client CreateClient() => new(new BasicAWSCredentials(AccessKey, SecretKey), new AmazonS3Config
    {
        ServiceURL = Endpoint,
        ForcePathStyle = true,
        AuthenticationRegion = "us-east-1",
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    });

    /// <summary>The server settings that store files in <paramref name="bucket"/> on this S3 server.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings(string bucket) =>
    [
        new("FastCms:Storage:Provider", "s3"),
        new("FastCms:Storage:S3:Endpoint", Endpoint),
        new("FastCms:Storage:S3:Bucket", bucket),
        new("FastCms:Storage:S3:AccessKey", AccessKey),
        new("FastCms:Storage:S3:SecretKey", SecretKey),
        new("FastCms:Storage:S3:ForcePathStyle", "true"),
    ];

    private static async Task<S3TestServer> StartAsync()
    {
        var folder = Path.Combine(RepositoryRoot(), "tests", "FastCms.Tests", "S3Server");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "s3rver")))
        {
            throw new InvalidOperationException($"s3rver is not installed in {folder}; building the test project runs 'npm ci' there.");
        }

        var data = Path.Combine(Path.GetTempPath(), "fastcms-tests", "s3-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(data);
        // s3rver encrypts its list continuation tokens with DES, which Node's OpenSSL 3 offers only as a legacy cipher.
        var start = new ProcessStartInfo("node", ["--openssl-legacy-provider", "s3-server.js", data])
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for the S3 test server.");
        _ = process.StandardError.ReadToEndAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            process.Kill();
            TestPaths.TryDelete(data);
        };

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
            ?? throw new InvalidOperationException($"The S3 test server exited at start (code {(process.HasExited ? process.ExitCode : -1)}).");
        var port = JsonDocument.Parse(line).RootElement.GetProperty("port").GetInt32();
        return new S3TestServer($"http://127.0.0.1:{port}");
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "FastCms.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root (FastCms.slnx) was not found above the test binaries.");
    }
}
