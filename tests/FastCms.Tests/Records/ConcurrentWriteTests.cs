using System.Net;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.Webhooks;

namespace FastCms.Tests.Records;

/// <summary>
/// Record writes that arrive together. On SQLite they share commits (a write that finishes while others wait hands its
/// transaction on); whatever the database, each write still succeeds or fails on its own, and only what committed is
/// stored and announced.
/// </summary>
public abstract class ConcurrentWriteTests(ServerFixture server) : ServerTests(server)
{
    [Fact]
    public async Task Create_ManyAtOnceSomeBreakingAUniqueIndex_EachSucceedsOrFailsAloneAndOnlyCommittedOnesAreAnnounced()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var collection = await Admin.NewCollectionAsync(uniqueTitle: true);
        await Admin.CreateWebhookAsync(new { url = receiver.Url, collections = new[] { collection }, events = new[] { "create" } });

        // 40 titles, each sent three times at once: one of each can commit, the other two fail inside the transaction.
        var titles = Enumerable.Range(0, 120).Select(i => $"title {i % 40}").ToArray();
        var responses = await Task.WhenAll(titles.Select(title => Admin.PostRecordAsync(collection, new { title })));

        var refused = responses.Where(r => r.StatusCode != HttpStatusCode.Created).ToList();
        Assert.All(refused, r => Assert.True(r.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict, $"A duplicate answered {(int)r.StatusCode}."));
        var created = new List<(string Id, string Title)>();
        foreach (var response in responses.Where(r => r.StatusCode == HttpStatusCode.Created))
        {
            var record = await response.ExpectAsync(HttpStatusCode.Created);
            created.Add((record.Id(), record.Data()["title"]!.GetValue<string>()));
        }

        Assert.Equal(40, created.Count);
        Assert.Equal(40, created.Select(c => c.Title).Distinct().Count());
        var stored = (await Admin.ListAsync(collection, "per_page=100"))["items"]!.AsArray().Select(r => r!.Id()).Order();
        Assert.Equal(created.Select(c => c.Id).Order(), stored);

        var received = await receiver.WaitAsync(r => r.Count >= 40);
        await Task.Delay(500);
        Assert.Equal(40, receiver.Received.Count);
        Assert.Equal(created.Select(c => c.Id).Order(), received.Select(r => r.Json["record"]!["id"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task Create_ManyAtOnceSomeRefusedByTheRuleAfterTheirInsert_RefusedOnesLeaveNothing()
    {
        // The create rule is checked against the inserted row, so a refused create has written before it fails.
        var collection = RecordClient.NewName("ruled");
        await Admin.CreateCollectionAsync(new
        {
            name = collection,
            schema = new object[] { new { name = "title", type = "text" } },
            list_rule = "",
            view_rule = "",
            create_rule = "title != 'refused'",
        });
        var guest = Anonymous();
        var responses = await Task.WhenAll(Enumerable.Range(0, 80).Select(i => guest.PostRecordAsync(collection, new { title = i % 2 == 0 ? "refused" : $"kept {i}" })));

        Assert.Equal(40, responses.Count(r => r.StatusCode == HttpStatusCode.Forbidden));
        Assert.Equal(40, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        var stored = (await Admin.ListAsync(collection, "per_page=100"))["items"]!.AsArray();
        Assert.Equal(40, stored.Count);
        Assert.All(stored, r => Assert.StartsWith("kept ", r!.Data()["title"]!.GetValue<string>(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task UpdateAndDelete_ManyAtOnce_EveryAnswerMatchesWhatIsStored()
    {
        var collection = await Admin.NewCollectionAsync(uniqueTitle: true);
        var ids = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            ids.Add((await Admin.CreateRecordAsync(collection, new { title = $"start {i}" })).Id());
        }

        // Every record is renamed twice at once to a title shared with its neighbour, and every third one is also deleted.
        var writes = ids.SelectMany((id, i) => new[]
        {
            Admin.PatchRecordAsync(collection, id, new { title = $"pair {i / 2}" }),
            Admin.PatchRecordAsync(collection, id, new { title = $"own {i}" }),
            i % 3 == 0 ? Admin.DeleteAsync($"/api/v1/collections/{collection}/records/{id}") : Task.FromResult(new HttpResponseMessage(HttpStatusCode.NoContent)),
        });
        var answers = await Task.WhenAll(writes);
        Assert.All(answers, a => Assert.True(
            a.StatusCode is HttpStatusCode.OK or HttpStatusCode.NoContent or HttpStatusCode.NotFound or HttpStatusCode.BadRequest or HttpStatusCode.Conflict,
            $"A write answered {(int)a.StatusCode}."));

        var stored = (await Admin.ListAsync(collection, "per_page=100"))["items"]!.AsArray();
        Assert.Equal(ids.Where((_, i) => i % 3 != 0).Order(), stored.Select(r => r!.Id()).Order());
        var titles = stored.Select(r => r!.Data()["title"]!.GetValue<string>()).ToList();
        Assert.Equal(titles.Count, titles.Distinct().Count());
        Assert.DoesNotContain(titles, t => t.StartsWith("start ", StringComparison.Ordinal));
    }
}

public sealed class ConcurrentWriteTestsSqlite(SqliteServer<WebhookSetup> server) : ConcurrentWriteTests(server), IClassFixture<SqliteServer<WebhookSetup>>
{
    [Fact]
    public async Task Create_ManyAtOnce_SomeShareACommit()
    {
        var collection = await Admin.NewCollectionAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Admin.PostRecordAsync(collection, new { title = $"together {i}" })));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));

        var snapshot = await (await Admin.GetAsync("/api/v1/admin/metrics")).ExpectAsync(HttpStatusCode.OK);
        var groups = snapshot["histograms"]!["fastcms_db_write_group_size"]!;
        Assert.True(groups["max"]!.GetValue<double>() >= 2, $"No two writes shared a commit: {groups.ToJsonString()}");
        Assert.Equal(100, await Admin.TotalAsync(collection));
    }
}

public sealed class ConcurrentWriteTestsPostgres(PostgresServer<WebhookSetup> server) : ConcurrentWriteTests(server), IClassFixture<PostgresServer<WebhookSetup>>;
