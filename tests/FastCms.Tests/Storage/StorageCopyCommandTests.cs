using Amazon.S3.Model;
using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.Storage;

/// <summary><c>FastCms storage copy</c> run as the real executable, between the disk and a real S3-protocol server.</summary>
public sealed class StorageCopyCommandTests : IDisposable
{
    private readonly string _root = TestPaths.NewRoot();

    public void Dispose() => TestPaths.TryDelete(_root);

    [Fact]
    public async Task Copy_LocalToS3_CopiesEveryFileAndASecondRunSkipsThem()
    {
        var server = await S3TestServer.GetAsync();
        var bucket = await server.CreateBucketAsync();
        var files = new Dictionary<string, byte[]>
        {
            ["c1/r1/cover_a1b2c3.png"] = Bytes(2_000_000),
            ["c1/r1/thumbs/100x100_cover_a1b2c3.png"] = Bytes(5_000),
            ["c2/r9/notes_zz99.txt"] = Bytes(12),
        };
        foreach (var (key, bytes) in files)
        {
            var path = Path.Combine(_root, "data", "storage", key);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, bytes, TestContext.Current.CancellationToken);
        }

        var (exitCode, output) = await ServerProcess.RunAsync(_root, Variables(server, bucket), "storage", "copy", "--from", "local", "--to", "s3");
        var (againCode, again) = await ServerProcess.RunAsync(_root, Variables(server, bucket), "storage", "copy", "--from", "local", "--to", "s3");

        Assert.True(exitCode == 0, output);
        Assert.Contains("3 copied", output);
        Assert.Contains("FastCms:Storage:Provider=s3", output);
        using var client = server.CreateClient();
        foreach (var (key, bytes) in files)
        {
            using var response = await client.GetObjectAsync(bucket, key, TestContext.Current.CancellationToken);
            var copy = new MemoryStream();
            await response.ResponseStream.CopyToAsync(copy, TestContext.Current.CancellationToken);
            Assert.Equal(bytes, copy.ToArray());
        }

        Assert.Equal(0, againCode);
        Assert.Contains("0 copied (0.0 MiB), 3 already there, 0 failed", again);
    }

    [Fact]
    public async Task Copy_S3ToLocal_WritesTheObjectsUnderTheLocalRoot()
    {
        var server = await S3TestServer.GetAsync();
        var bucket = await server.CreateBucketAsync();
        using (var client = server.CreateClient())
        {
            await client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "c1/r1/doc_x1.pdf", ContentBody = "pdf bytes", UseChunkEncoding = false },
                TestContext.Current.CancellationToken);
        }

        var (exitCode, output) = await ServerProcess.RunAsync(_root, [.. Variables(server, bucket), ("FastCms__Storage__Local__Root", "restored")],
            "storage", "copy", "--from", "s3", "--to", "local");

        Assert.True(exitCode == 0, output);
        Assert.Equal("pdf bytes", await File.ReadAllTextAsync(Path.Combine(_root, "data", "restored", "c1", "r1", "doc_x1.pdf"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Copy_SettingsOnTheCommandLine_AreUsedLikeTheServersOwn()
    {
        var server = await S3TestServer.GetAsync();
        var bucket = await server.CreateBucketAsync();
        var site = Path.Combine(_root, "site");
        var stored = Path.Combine(site, "data", "media", "c1", "r1", "notes_q1.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(stored)!);
        await File.WriteAllTextAsync(stored, "from the command line", TestContext.Current.CancellationToken);
        var (_, endpoint) = Variables(server, bucket).Single(v => v.Name == "FastCms__Storage__S3__Endpoint");
        var variables = Variables(server, bucket).Where(v => v.Name is not ("FastCms__Storage__S3__Bucket" or "FastCms__Storage__S3__Endpoint")).ToArray();

        // Started elsewhere: the content root, the local root and the bucket come from the arguments, in both spellings.
        var (exitCode, output) = await ServerProcess.RunAsync(_root, variables, "storage", "copy", "--from", "local", "--to", "s3",
            "--contentRoot", site, "--FastCms:Storage:Local:Root=media", "--FastCms:Storage:S3:Bucket", bucket, $"--FastCms:Storage:S3:Endpoint={endpoint}");

        Assert.True(exitCode == 0, output);
        Assert.Contains("1 copied", output);
        using var client = server.CreateClient();
        using var response = await client.GetObjectAsync(bucket, "c1/r1/notes_q1.txt", TestContext.Current.CancellationToken);
        Assert.Equal("from the command line", await new StreamReader(response.ResponseStream).ReadToEndAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(new[] { "storage", "copy", "--from", "local" }, "Give both --from and --to.")]
    [InlineData(new[] { "storage", "copy", "--from", "local", "--to", "s3", "--overwrit" }, "Unknown argument '--overwrit'.")]
    [InlineData(new[] { "storage", "copy", "--from", "local", "--to", "s3", "--FastCms:Storage:S3:Bucket" }, "The setting --FastCms:Storage:S3:Bucket needs a value.")]
    [InlineData(new[] { "storage", "copy", "--from", "local", "--to", "local" }, "name the same backend")]
    [InlineData(new[] { "storage", "copy", "--from", "ftp", "--to", "s3" }, "Unknown backend 'ftp' for --from.")]
    [InlineData(new[] { "storage", "move" }, "Unknown sub-command 'storage move'.")]
    [InlineData(new[] { "storage", "copy", "--from", "local", "--to", "s3" }, "FastCms:Storage:S3:Bucket is required")]
    public async Task Copy_BadArgumentsOrSettings_ExitsWith2AndSaysWhy(string[] args, string expected)
    {
        var (exitCode, output) = await ServerProcess.RunAsync(_root, [], args);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, output);
        Assert.False(File.Exists(Path.Combine(_root, "data", "fastcms.db")), "the command never starts the server");
    }

    [Fact]
    public async Task Start_S3ProviderWithoutBucket_ExitsWithMessageNamingTheSetting()
    {
        var (exitCode, output) = await ServerProcess.RunAsync(_root, [("FastCms__Storage__Provider", "s3")], "--urls", "http://127.0.0.1:0");

        Assert.Equal(2, exitCode);
        Assert.Contains("FastCms:Storage:S3:Bucket is required when FastCms:Storage:Provider is 's3'.", output);
    }

    private static (string Name, string Value)[] Variables(S3TestServer server, string bucket) =>
        [.. server.Settings(bucket).Select(s => (s.Key.Replace(":", "__", StringComparison.Ordinal), s.Value!))];

    private static byte[] Bytes(int count)
    {
        var bytes = new byte[count];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }
}
