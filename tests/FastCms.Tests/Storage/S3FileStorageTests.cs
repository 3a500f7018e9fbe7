using Amazon.S3.Model;
using FastCms.Storage;
using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.Storage;

/// <summary>The S3 backend against a real S3-protocol server on 127.0.0.1, one fresh bucket per test.</summary>
public sealed class S3FileStorageTests : FileStorageContractTests
{
    private protected override async Task<IFileStorage> CreateStorageAsync()
    {
        var server = await S3TestServer.GetAsync();
        return S3FileStorage.Create(Options(server, await server.CreateBucketAsync()));
    }

    [Fact]
    public async Task WriteAsync_WithPrefix_StoresBelowThePrefixAndListsKeysWithoutIt()
    {
        var server = await S3TestServer.GetAsync();
        var bucket = await server.CreateBucketAsync();
        var options = Options(server, bucket);
        options.Prefix = "cms/files";
        var storage = S3FileStorage.Create(options);

        await storage.WriteAsync("c1/r1/a.txt", Text("hello"), "text/plain", TestContext.Current.CancellationToken);

        using var client = server.CreateClient();
        var inBucket = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }, TestContext.Current.CancellationToken);
        Assert.Equal("cms/files/c1/r1/a.txt", Assert.Single(inBucket.S3Objects).Key);
        Assert.Equal(["c1/r1/a.txt"], await ListKeysAsync(storage, ""));
    }

    [Fact]
    public async Task WriteAsync_ContentType_IsStoredWithTheObject()
    {
        var server = await S3TestServer.GetAsync();
        var bucket = await server.CreateBucketAsync();
        var storage = S3FileStorage.Create(Options(server, bucket));

        await storage.WriteAsync("c1/r1/p.png", new MemoryStream(RandomBytes(10)), "image/png", TestContext.Current.CancellationToken);

        using var client = server.CreateClient();
        var metadata = await client.GetObjectMetadataAsync(bucket, "c1/r1/p.png", TestContext.Current.CancellationToken);
        Assert.Equal("image/png", metadata.Headers.ContentType);
    }

    [Fact]
    public async Task ListAsync_MoreThanOnePage_ListsEveryObject()
    {
        var server = await S3TestServer.GetAsync();
        var storage = S3FileStorage.Create(Options(server, await server.CreateBucketAsync()));
        var keys = Enumerable.Range(0, 1010).Select(i => $"c1/r{i:D4}/f.txt").ToList();
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (key, token) => await storage.WriteAsync(key, Text("x"), "text/plain", token));

        Assert.Equal(keys, await ListKeysAsync(storage, "c1/"));
    }

    [Theory]
    [InlineData("", "", "", "Bucket is required")]
    [InlineData("b", "ftp://host", "", "Endpoint must be an absolute http:// or https:// address")]
    [InlineData("b", "", "key-only", "Set both FastCms:Storage:S3:AccessKey and FastCms:Storage:S3:SecretKey")]
    public void Problem_IncompleteSettings_NamesTheSetting(string bucket, string endpoint, string accessKey, string expected)
    {
        var options = new S3StorageOptions { Bucket = bucket, Endpoint = endpoint, AccessKey = accessKey };

        Assert.Contains(expected, options.Problem());
    }

    internal static S3StorageOptions Options(S3TestServer server, string bucket) => new()
    {
        Endpoint = server.Endpoint,
        Bucket = bucket,
        AccessKey = S3TestServer.AccessKey,
        SecretKey = S3TestServer.SecretKey,
        ForcePathStyle = true,
    };
}
