using System.Collections.Concurrent;
using System.Net;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.Records;
using static FastCms.Tests.Files.FileClient;

namespace FastCms.Tests.Files;

/// <summary>
/// The real server killed with SIGKILL while it deletes records with files: deletes that committed before the kill
/// have their files removed at the next start, so no file outlives its record, and files of records that remain stay.
/// </summary>
public sealed class FileCrashTests
{
    private const int Records = 120;

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Kill_WhileDeletingRecords_NextStartLeavesExactlyTheFilesOfRemainingRecords(string provider)
    {
        await using var database = await Databases.CreateAsync(provider);
        var root = TestPaths.NewRoot();
        (string, string)[] environment = [.. database.Settings.Select(s => ("FastCms__" + s.Key["FastCms:".Length..].Replace(":", "__"), s.Value!))];
        string collectionId;
        var deleted = new ConcurrentBag<string>();
        await using (var first = await RunningServer.StartAsync(root, environment))
        {
            var admin = await first.SetUpAdminAsync();
            collectionId = (await admin.CreateCollectionAsync(new
            {
                name = "docs",
                schema = new object[] { new { name = "attachment", type = "file", options = new { max_select = 3 } } },
                delete_rule = "",
            })).Id();
            var ids = new ConcurrentQueue<string>();
            await Parallel.ForEachAsync(Enumerable.Range(0, Records), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
            {
                var record = await (await admin.PostFormAsync("docs", new { }, new Part("attachment+", $"a{i}.txt", [.. "first "u8, (byte)i], "text/plain"),
                    new Part("attachment+", $"b{i}.txt", [.. "second "u8, (byte)i], "text/plain"))).ExpectAsync(HttpStatusCode.Created);
                ids.Enqueue(record.Id());
            });

            var writers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                while (ids.TryDequeue(out var id))
                {
                    try
                    {
                        if ((await admin.DeleteAsync($"/api/v1/collections/docs/records/{id}")).StatusCode == HttpStatusCode.NoContent)
                        {
                            deleted.Add(id);
                        }
                    }
                    catch (HttpRequestException)
                    {
                        return;
                    }
                }
            })).ToList();

            while (deleted.Count < Records / 4)
            {
                await Task.Delay(5);
            }

            await first.KillAsync();
            await Task.WhenAll(writers);
        }

        var storage = Path.Combine(root, "data", "storage", collectionId);
        Assert.True(deleted.Count < Records, "the kill came after every delete; it must interrupt them");
        await using var second = await RunningServer.StartAsync(root, environment);
        var remaining = await StoredNamesAsync(database, root);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (OnDisk(storage).Except(remaining).Any())
        {
            Assert.True(DateTime.UtcNow < deadline, "Files of deleted records are still stored: " + string.Join(", ", OnDisk(storage).Except(remaining).Take(5)));
            await Task.Delay(200);
        }

        Assert.Equal(remaining.Order(), OnDisk(storage).Order());
        Assert.DoesNotContain(deleted, id => remaining.Any(r => r.StartsWith(id + "/", StringComparison.Ordinal)));
        TestPaths.TryDelete(root);
    }

    private static IEnumerable<string> OnDisk(string storage) => Directory.Exists(storage)
        ? Directory.EnumerateFiles(storage, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(storage, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => !f.Contains("/thumbs/", StringComparison.Ordinal))
        : [];

    /// <summary>Every stored file name of the records still in the table, as <c>{recordId}/{name}</c>.</summary>
    private static async Task<List<string>> StoredNamesAsync(TestDatabase database, string root)
    {
        await using var connection = database.Connect(root);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, attachment FROM docs";
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var id = reader.GetString(0);
            var value = reader.GetValue(1)?.ToString() ?? "[]";
            names.AddRange(System.Text.Json.JsonSerializer.Deserialize<string[]>(value)!.Select(n => $"{id}/{n}"));
        }

        return names;
    }
}
