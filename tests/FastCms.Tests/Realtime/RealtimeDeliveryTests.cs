using System.Net;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.Records;

namespace FastCms.Tests.Realtime;

/// <summary>
/// What each subscriber receives, read from the stream over a real socket: the records API's rules, hidden fields,
/// <c>filter</c>/<c>fields</c>/<c>expand</c>, deletes and rolled-back writes. "Never receives" is checked by a later
/// message the subscriber does receive: the stream is in commit order, so anything earlier would have come first.
/// </summary>
public abstract class RealtimeDeliveryTests(ServerFixture server) : ServerTests(server)
{
    private const string Own = "author = @request.auth.id";

    private async Task<string> CollectionAsync(string? listRule = "", string? viewRule = "", params object[] extra)
    {
        var name = RecordClient.NewName("rt");
        object[] schema =
        [
            new { name = "title", type = "text" },
            new { name = "views", type = "number" },
            new { name = "published", type = "bool" },
            new { name = "secret", type = "text", hidden = true },
            new { name = "author", type = "relation", options = new { collection = "users" } },
            .. extra,
        ];
        await Admin.CreateCollectionAsync(new
        {
            name, schema, list_rule = listRule, view_rule = viewRule, create_rule = "", update_rule = "", delete_rule = "",
        });
        return name;
    }

    [Fact]
    public async Task Wildcard_CreateUpdateDelete_ArriveInOrderInTheRecordsShape()
    {
        var name = await CollectionAsync();
        var (_, user, _) = await Server.SocketUserAsync();
        await using var stream = await SseClient.ConnectAsync(Server.BaseUrl!);
        await (await stream.SubscribeAsync(user, $"{name}/*")).ExpectAsync(HttpStatusCode.NoContent);

        var id = (await Admin.CreateRecordAsync(name, new { title = "one", views = 1, secret = "s3cr3t" })).Id();
        await (await Admin.PatchRecordAsync(name, id, new { title = "two" })).ExpectAsync(HttpStatusCode.OK);
        await (await Admin.DeleteAsync($"/api/v1/collections/{name}/records/{id}")).ExpectAsync(HttpStatusCode.NoContent);

        var created = await stream.NextAsync();
        Assert.Equal($"{name}/*", created.Event);
        Assert.Equal("create", created.Action);
        Assert.Equal(id, created.Record["id"]!.GetValue<string>());
        Assert.Equal("one", created.Record["data"]!["title"]!.GetValue<string>());
        Assert.NotNull(created.Record["created"]);
        Assert.StartsWith(stream.ClientId + ".", created.Id);
        var updated = await stream.NextAsync();
        Assert.Equal(("update", "two"), (updated.Action, updated.Record["data"]!["title"]!.GetValue<string>()));
        var deleted = await stream.NextAsync();
        Assert.Equal(("delete", id), (deleted.Action, deleted.Record["id"]!.GetValue<string>()));
        Assert.All(new[] { created, updated, deleted }, m => Assert.DoesNotContain("s3cr3t", m.Raw));
        Assert.DoesNotContain("secret", created.Record["data"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task RecordTopic_OtherRecords_AreNotDelivered()
    {
        var name = await CollectionAsync();
        var watched = (await Admin.CreateRecordAsync(name, new { title = "watched" })).Id();
        var other = (await Admin.CreateRecordAsync(name, new { title = "other" })).Id();
        await using var stream = await SseClient.ConnectAsync(Server.BaseUrl!);
        await (await stream.SubscribeAsync(Server.Socket(), $"{name}/{watched}")).ExpectAsync(HttpStatusCode.NoContent);

        await (await Admin.PatchRecordAsync(name, other, new { title = "other 2" })).ExpectAsync(HttpStatusCode.OK);
        await (await Admin.PatchRecordAsync(name, watched, new { title = "watched 2" })).ExpectAsync(HttpStatusCode.OK);

        var message = await stream.NextAsync();
        Assert.Equal($"{name}/{watched}", message.Event);
        Assert.Equal("watched 2", message.Record["data"]!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task OwnerListRule_UserB_NeverReceivesUserAsRecords()
    {
        var name = await CollectionAsync(Own, Own);
        var (aId, a, _) = await Server.SocketUserAsync();
        var (bId, b, _) = await Server.SocketUserAsync();
        await using var streamA = await SseClient.ConnectAsync(Server.BaseUrl!);
        await using var streamB = await SseClient.ConnectAsync(Server.BaseUrl!);
        await using var guest = await SseClient.ConnectAsync(Server.BaseUrl!);
        await (await streamA.SubscribeAsync(a, $"{name}/*")).ExpectAsync(HttpStatusCode.NoContent);
        await (await streamB.SubscribeAsync(b, $"{name}/*")).ExpectAsync(HttpStatusCode.NoContent);
        await (await guest.SubscribeAsync(Server.Socket(), $"{name}/*")).ExpectAsync(HttpStatusCode.NoContent);

        var ofA = (await a.CreateRecordAsync(name, new { title = "private of a", author = aId })).Id();
        await (await a.PatchRecordAsync(name, ofA, new { title = "still private" })).ExpectAsync(HttpStatusCode.OK);
        var ofB = (await b.CreateRecordAsync(name, new { title = "of b", author = bId })).Id();

        Assert.Equal(ofA, (await streamA.NextAsync()).Record["id"]!.GetValue<string>());
        var (skipped, own) = await streamB.UntilAsync(m => m.Record["id"]!.GetValue<string>() == ofB);
        Assert.Empty(skipped);
        Assert.Equal("create", own.Action);
        Assert.Equal(0, await NextWithinAsync(guest, TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task FilterFieldsExpand_ApplyAsInTheRecordsApi()
    {
        var name = await CollectionAsync();
        var (userId, user, _) = await Server.SocketUserAsync();
        await (await user.PatchJsonAsync("/api/v1/auth/me", new { name = "Ann" })).ExpectAsync(HttpStatusCode.OK);
        await using var stream = await SseClient.ConnectAsync(Server.BaseUrl!);
        await (await stream.SubscribeAsync(Server.Socket(), new { topic = $"{name}/*", filter = "views > 10", fields = "title,created", expand = "author" }))
            .ExpectAsync(HttpStatusCode.NoContent);

        await Admin.CreateRecordAsync(name, new { title = "few", views = 3, author = userId });
        await Admin.CreateRecordAsync(name, new { title = "many", views = 30, author = userId });

        var message = await stream.NextAsync();
        var record = message.Record;
        Assert.Equal("many", record["data"]!["title"]!.GetValue<string>());
        Assert.Equal(["title"], record["data"]!.AsObject().Select(p => p.Key));
        Assert.NotNull(record["created"]);
        Assert.Null(record["updated"]);
        var author = record["expand"]!["author"]!;
        Assert.Equal("Ann", author["data"]!["name"]!.GetValue<string>());
        Assert.Null(author["data"]!["email"]);
    }

    [Fact]
    public async Task Delete_GoesToExactlyThoseWhoCouldViewTheRecordBefore()
    {
        var name = await CollectionAsync("published = true", "published = true");
        var published = (await Admin.CreateRecordAsync(name, new { title = "published", published = true })).Id();
        var draft = (await Admin.CreateRecordAsync(name, new { title = "draft", published = false })).Id();
        await using var stream = await SseClient.ConnectAsync(Server.BaseUrl!);
        await (await stream.SubscribeAsync(Server.Socket(), $"{name}/*", $"{name}/{draft}")).ExpectAsync(HttpStatusCode.NoContent);

        await (await Admin.DeleteAsync($"/api/v1/collections/{name}/records/{draft}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await Admin.DeleteAsync($"/api/v1/collections/{name}/records/{published}")).ExpectAsync(HttpStatusCode.NoContent);

        var message = await stream.NextAsync();
        Assert.Equal(("delete", published), (message.Action, message.Record["id"]!.GetValue<string>()));
        Assert.Equal("published", message.Record["data"]!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Delete_RuleThroughARelation_IsCheckedInSqlAgainstTheRecordBeforeTheDelete()
    {
        var name = await CollectionAsync("author.name = 'Editor'", "author.name = 'Editor'");
        var (editorId, editor, _) = await Server.SocketUserAsync();
        await (await editor.PatchJsonAsync("/api/v1/auth/me", new { name = "Editor" })).ExpectAsync(HttpStatusCode.OK);
        var (otherId, _, _) = await Server.SocketUserAsync();
        var visible = (await Admin.CreateRecordAsync(name, new { title = "by editor", author = editorId })).Id();
        var hidden = (await Admin.CreateRecordAsync(name, new { title = "by other", author = otherId })).Id();
        await using var stream = await SseClient.ConnectAsync(Server.BaseUrl!);
        await (await stream.SubscribeAsync(Server.Socket(), $"{name}/*")).ExpectAsync(HttpStatusCode.NoContent);
        var sqlBefore = await MetricsAsync("fastcms_realtime_authorization_checks_total{mode=\"sql\"}");

        await (await Admin.DeleteAsync($"/api/v1/collections/{name}/records/{hidden}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await Admin.DeleteAsync($"/api/v1/collections/{name}/records/{visible}")).ExpectAsync(HttpStatusCode.NoContent);

        var message = await stream.NextAsync();
        Assert.Equal(("delete", visible), (message.Action, message.Record["id"]!.GetValue<string>()));
        Assert.True(await MetricsAsync("fastcms_realtime_authorization_checks_total{mode=\"sql\"}") >= sqlBefore + 2);
    }

    [Fact]
    public async Task RejectedOrRolledBackWrite_SendsNothing()
    {
        var name = RecordClient.NewName("rt");
        await Admin.CreateCollectionAsync(new
        {
            name,
            schema = new object[] { new { name = "title", type = "text", validation = new { unique = true } }, new { name = "views", type = "number" } },
            list_rule = "", view_rule = "", create_rule = "views < 100", update_rule = "",
        });
        await using var stream = await SseClient.ConnectAsync(Server.BaseUrl!);
        await (await stream.SubscribeAsync(Server.Socket(), $"{name}/*")).ExpectAsync(HttpStatusCode.NoContent);
        var (_, user, _) = await Server.SocketUserAsync();

        // Inserted, then refused by the create rule in the same transaction: rolled back.
        await (await user.PostRecordAsync(name, new { title = "too many", views = 500 })).ExpectAsync(HttpStatusCode.Forbidden);
        await Admin.CreateRecordAsync(name, new { title = "taken" });
        await (await Admin.PostRecordAsync(name, new { title = "taken" })).ExpectAsync(HttpStatusCode.BadRequest);
        var batch = await Admin.PostJsonAsync($"/api/v1/collections/{name}/records/batch", new { records = new object[] { new { title = "batch ok" }, new { title = "taken" } } });
        await batch.ExpectAsync(HttpStatusCode.BadRequest);
        await Admin.CreateRecordAsync(name, new { title = "last" });

        var first = await stream.NextAsync();
        Assert.Equal("taken", first.Record["data"]!["title"]!.GetValue<string>());
        Assert.Equal("last", (await stream.NextAsync()).Record["data"]!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task AdminsOnlyRule_UserGetsNothing_AdminGetsEverything()
    {
        var name = await CollectionAsync(null, null);
        var (_, user, _) = await Server.SocketUserAsync();
        await using var asUser = await SseClient.ConnectAsync(Server.BaseUrl!);
        await using var asAdmin = await SseClient.ConnectAsync(Server.BaseUrl!);
        await (await asUser.SubscribeAsync(user, $"{name}/*")).ExpectAsync(HttpStatusCode.NoContent);
        await (await asAdmin.SubscribeAsync(Server.SocketAdmin(), $"{name}/*")).ExpectAsync(HttpStatusCode.NoContent);

        await Admin.CreateRecordAsync(name, new { title = "admins only" });

        Assert.Equal("admins only", (await asAdmin.NextAsync()).Record["data"]!["title"]!.GetValue<string>());
        Assert.Equal(0, await NextWithinAsync(asUser, TimeSpan.FromMilliseconds(300)));
    }

    private async Task<double> MetricsAsync(string key)
    {
        var metrics = await (await Admin.GetAsync("/api/v1/admin/metrics")).ExpectAsync(HttpStatusCode.OK);
        return metrics["counters"]![key]?.GetValue<double>() ?? 0;
    }

    // Only for the stream that must stay silent while another stream received the event: they are fanned out together.
    private static async Task<int> NextWithinAsync(SseClient stream, TimeSpan wait)
    {
        try
        {
            await stream.NextAsync(wait);
            return 1;
        }
        catch (TimeoutException)
        {
            return 0;
        }
    }
}

public sealed class RealtimeDeliveryTestsSqlite(SqliteServer<RealtimeSetup> server) : RealtimeDeliveryTests(server), IClassFixture<SqliteServer<RealtimeSetup>>;

public sealed class RealtimeDeliveryTestsPostgres(PostgresServer<RealtimeSetup> server) : RealtimeDeliveryTests(server), IClassFixture<PostgresServer<RealtimeSetup>>;
