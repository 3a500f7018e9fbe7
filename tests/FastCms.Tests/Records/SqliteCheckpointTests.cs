using System.Net;
using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.Records;

/// <summary>
/// SQLite's write-ahead log is copied into the database file by the running server, away from the writers: after a
/// pause in writing, and also while writers never pause, so that the log does not grow without end.
/// </summary>
public sealed class SqliteCheckpointTests
{
    private static async Task<(HttpClient Admin, string Collection, string File)> StartAsync(TestHost host)
    {
        var admin = (await HostAdmin.SetupAsync(host)).Client();
        var collection = RecordClient.NewName("logged");
        await admin.CreateCollectionAsync(new
        {
            name = collection,
            schema = new object[] { new { name = "title", type = "text" }, new { name = "body", type = "text" } },
            list_rule = "",
        });
        return (admin, collection, Path.Combine(host.Root, "data", "fastcms.db"));
    }

    [Fact]
    public async Task Write_ThenAPause_IsCopiedIntoTheDatabaseFileWhileTheServerRuns()
    {
        await using var host = await TestHost.StartAsync("sqlite");
        var (admin, collection, file) = await StartAsync(host);
        var before = new FileInfo(file).Length;

        // 1 MiB of text: SQLite's own automatic checkpoint would leave it in the log until the log held 4 MiB.
        var body = new string('a', 32 * 1024);
        for (var i = 0; i < 32; i++)
        {
            await (await admin.PostRecordAsync(collection, new { title = $"t{i}", body })).ExpectAsync(HttpStatusCode.Created);
        }

        var until = DateTime.UtcNow.AddSeconds(15);
        while (new FileInfo(file).Length < before + 1024 * 1024 && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
        }

        Assert.True(new FileInfo(file).Length >= before + 1024 * 1024,
            $"The database file grew from {before} to {new FileInfo(file).Length} bytes; the records were not copied out of the log.");
        Assert.Equal(32, await admin.TotalAsync(collection));
    }

    [Fact]
    public async Task Write_WithoutAPauseWhileOthersRead_KeepsTheLogShort()
    {
        // Restarted at 4 MiB instead of 64, so that a few times that is quick to write.
        await using var host = await TestHost.StartAsync("sqlite", [new("FastCms:Database:SqliteLogRestartPages", "1000")]);
        var (admin, collection, file) = await StartAsync(host);
        var log = file + "-wal";
        var body = new string('b', 64 * 1024);
        var longest = 0L;
        using var done = new CancellationTokenSource();

        // 48 MiB written by 8 writers that never wait for each other, while 4 readers list what is there.
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 96; i++)
            {
                await (await admin.PostRecordAsync(collection, new { title = $"w{w} {i}", body })).ExpectAsync(HttpStatusCode.Created);
            }
        })).ToList();
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                await admin.ListAsync(collection, "per_page=5&fields=id,title&sort=-created");
            }
        })).ToList();
        var watcher = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                longest = Math.Max(longest, File.Exists(log) ? new FileInfo(log).Length : 0);
                await Task.Delay(10);
            }
        });

        await Task.WhenAll(writers);
        await done.CancelAsync();
        await Task.WhenAll(readers.Append(watcher));

        Assert.Equal(8 * 96, await admin.TotalAsync(collection));
        Assert.True(longest < 24L * 1024 * 1024, $"The log grew to {longest / (1024 * 1024)} MiB while 48 MiB were written.");
    }
}
