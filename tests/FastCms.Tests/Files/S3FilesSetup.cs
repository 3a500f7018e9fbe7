using Amazon.S3.Model;
using FastCms.Storage;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.Records;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FastCms.Tests.Files;

/// <summary>
/// The file tests' server with files stored in a fresh bucket of the S3-protocol test server: the same tests as on
/// disk, since they look only at the API and the storage interface.
/// </summary>
public sealed class S3FilesSetup : IServerSetup
{
    public IEnumerable<KeyValuePair<string, string?>> Settings { get; private set; } = [];

    public async Task PrepareRootAsync(string root)
    {
        var s3 = await S3TestServer.GetAsync();
        Settings = [.. s3.Settings(await s3.CreateBucketAsync())];
    }
}

public sealed class FileUploadTestsS3Sqlite(SqliteServer<S3FilesSetup> server) : FileUploadTests(server), IClassFixture<SqliteServer<S3FilesSetup>>;

public sealed class FileUploadTestsS3Postgres(PostgresServer<S3FilesSetup> server) : FileUploadTests(server), IClassFixture<PostgresServer<S3FilesSetup>>;

public sealed class FileDownloadTestsS3Sqlite(SqliteServer<S3FilesSetup> server) : FileDownloadTests(server), IClassFixture<SqliteServer<S3FilesSetup>>;

public sealed class FileDownloadTestsS3Postgres(PostgresServer<S3FilesSetup> server) : FileDownloadTests(server), IClassFixture<PostgresServer<S3FilesSetup>>;

public sealed class ThumbnailTestsS3Sqlite(SqliteServer<S3FilesSetup> server) : ThumbnailTests(server), IClassFixture<SqliteServer<S3FilesSetup>>;

public sealed class ThumbnailTestsS3Postgres(PostgresServer<S3FilesSetup> server) : ThumbnailTests(server), IClassFixture<PostgresServer<S3FilesSetup>>;

/// <summary>Guards the S3 variants above against running on the disk backend without anyone noticing.</summary>
public sealed class S3BackendInUseTests(SqliteServer<S3FilesSetup> server) : ServerTests(server), IClassFixture<SqliteServer<S3FilesSetup>>
{
    [Fact]
    public async Task Upload_S3Backend_ObjectLandsInTheBucketAndNothingOnDisk()
    {
        var name = RecordClient.NewName("docs");
        var collectionId = (await Admin.CreateCollectionAsync(new
        {
            name,
            schema = new object[] { new { name = "attachment", type = "file" } },
            list_rule = "", view_rule = "",
        })).Id();

        var record = await (await Admin.PostFormAsync(name, new { }, new FileClient.Part("attachment", "notes.txt", "hello s3"u8.ToArray(), "text/plain")))
            .ExpectAsync(System.Net.HttpStatusCode.Created);

        var bucket = Server.Factory.Services.GetRequiredService<IOptions<S3StorageOptions>>().Value.Bucket;
        using var client = (await S3TestServer.GetAsync()).CreateClient();
        var listed = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }, TestContext.Current.CancellationToken);
        Assert.Equal("s3", Server.Storage().Name);
        Assert.Contains(listed.S3Objects, o => o.Key == $"{collectionId}/{record.Id()}/{record.Data()["attachment"]!.GetValue<string>()}");
        Assert.False(Directory.Exists(Path.Combine(Server.Factory.DataDir, "storage")), "nothing is written to the disk backend");
    }
}
