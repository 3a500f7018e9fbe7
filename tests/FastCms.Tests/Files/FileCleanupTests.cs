using System.Net;
using FastCms.Data;
using FastCms.Storage;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.Records;
using Microsoft.Extensions.DependencyInjection;
using static FastCms.Tests.Files.FileClient;

namespace FastCms.Tests.Files;

/// <summary>
/// Durable deletion across restarts, and what only the local-disk backend can show: the folder it writes, and keys that
/// try to leave it.
/// </summary>
public sealed class FileCleanupTests
{
    private static async Task<(string Name, string CollectionId, string RecordId, string File)> UploadAsync(HostAdmin admin)
    {
        var name = RecordClient.NewName("files");
        var collection = await admin.Client().CreateCollectionAsync(new { name, schema = new object[] { new { name = "doc", type = "file" } } });
        var record = await (await admin.Client().PostFormAsync(name, null, new Part("doc", "a.txt", "a"u8.ToArray()))).ExpectAsync(HttpStatusCode.Created);
        return (name, collection.Id(), record.Id(), record.Data()["doc"]!.GetValue<string>());
    }

    private static async Task AddCleanupRowAsync(TestHost host, string key, DateTimeOffset due)
    {
        var database = host.Factory.Services.GetRequiredService<Database>();
        await database.WriteAsync(async session =>
        {
            await using var command = session.CreateCommand("INSERT INTO _file_cleanup (id, storage_key, whole_prefix, due) VALUES (@id, @key, @prefix, @due)");
            command.AddParameter("id", RandomId.New()).AddParameter("key", key).AddParameter("prefix", false).AddParameter("due", database.Dialect.Timestamp(due));
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }, CancellationToken.None);
    }

    private static async Task<bool> ExistsAsync(TestHost host, string key) =>
        await host.Factory.Services.GetRequiredService<IFileStorage>().StatAsync(key, CancellationToken.None) is not null;

    private static async Task GoneAsync(TestHost host, string key)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (await ExistsAsync(host, key) && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
        }
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Startup_CleanupLeftByACrash_IsFinishedAndReservationsWait(string provider)
    {
        await using var host = await TestHost.StartAsync(provider);
        var admin = await HostAdmin.SetupAsync(host);
        var freed = await UploadAsync(admin);
        var inFlight = await UploadAsync(admin);
        var freedKey = $"{freed.CollectionId}/{freed.RecordId}/{freed.File}";
        var inFlightKey = $"{inFlight.CollectionId}/{inFlight.RecordId}/{inFlight.File}";

        // What a process killed between the commit and the deletion leaves: the record no longer names the file, the
        // cleanup row committed with it, the bytes still there. Plus an upload reserved by a write still running elsewhere.
        await (await admin.Client().PatchRecordAsync(freed.Name, freed.RecordId, new { doc = (string?)null })).ExpectAsync(HttpStatusCode.OK);
        await GoneAsync(host, freedKey);
        await host.Factory.Services.GetRequiredService<IFileStorage>().WriteAsync(freedKey, new MemoryStream("a"u8.ToArray()), "text/plain", CancellationToken.None);
        await AddCleanupRowAsync(host, freedKey, DateTimeOffset.UtcNow.AddMinutes(-1));
        await AddCleanupRowAsync(host, inFlightKey, DateTimeOffset.UtcNow.AddHours(1));
        Assert.True(await ExistsAsync(host, freedKey));

        await host.RestartAsync();

        // The file goes first, then its cleanup row.
        await GoneAsync(host, freedKey);
        for (var until = DateTime.UtcNow.AddSeconds(10); await DbProbe.CountAsync(host, "_file_cleanup") > 1 && DateTime.UtcNow < until;)
        {
            await Task.Delay(50);
        }

        Assert.False(await ExistsAsync(host, freedKey));
        Assert.True(await ExistsAsync(host, inFlightKey));
        Assert.Equal(1, await DbProbe.CountAsync(host, "_file_cleanup"));
    }

    [Fact]
    public async Task LocalStorage_Upload_IsWrittenUnderTheDataFolderOnly()
    {
        await using var host = await TestHost.StartAsync("sqlite");
        var admin = await HostAdmin.SetupAsync(host);
        var name = RecordClient.NewName("files");
        var collection = await admin.Client().CreateCollectionAsync(new { name, schema = new object[] { new { name = "doc", type = "file" } } });

        var record = await (await admin.Client().PostFormAsync(name, null, new Part("doc", "..\\..\\..\\evil.txt", "x"u8.ToArray()))).ExpectAsync(HttpStatusCode.Created);

        var stored = record.Data()["doc"]!.GetValue<string>();
        var files = Directory.GetFiles(host.Root, "*", SearchOption.AllDirectories).Where(f => !f.Contains(Path.Combine("data", "fastcms.db"))).ToList();
        Assert.Equal(Path.Combine(host.Root, "data", "storage", collection.Id(), record.Id(), stored), Assert.Single(files, f => f.Contains("evil")));
        Assert.DoesNotContain(files, f => !f.StartsWith(Path.Combine(host.Root, "data"), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("../outside.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("a/../../b.txt")]
    [InlineData("a//b")]
    [InlineData("a/b\\..\\..\\c")]
    public async Task LocalStorage_KeyOutsideTheRoot_IsRefused(string key)
    {
        var root = TestPaths.NewRoot();
        try
        {
            var storage = new LocalFileStorage(root);

            await Assert.ThrowsAsync<ArgumentException>(() => storage.WriteAsync(key, new MemoryStream([1]), "text/plain", CancellationToken.None));
            await Assert.ThrowsAsync<ArgumentException>(() => storage.OpenReadAsync(key, 0, null, CancellationToken.None));
            Assert.Empty(Directory.Exists(root) ? Directory.GetFiles(Path.GetDirectoryName(root)!, "outside.txt") : []);
        }
        finally
        {
            TestPaths.TryDelete(root);
        }
    }
}
