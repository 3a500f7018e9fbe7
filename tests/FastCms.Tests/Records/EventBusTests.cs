using System.Net;
using System.Text.Json.Nodes;
using FastCms.Plugins.Events;
using FastCms.Records;
using FastCms.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FastCms.Tests.Records;

/// <summary>Record writes through the event bus: before-hooks in the transaction, after-hooks once committed.</summary>
public abstract class EventBusTests(ServerFixture server) : ServerTests(server)
{
    private async Task<string> PostsAsync(string? createRule = null)
    {
        var name = RecordClient.NewName("posts");
        await Admin.CreateCollectionAsync(new
        {
            name,
            schema = new object[]
            {
                new { name = "title", type = "text", validation = new { required = true } },
                new { name = "slug", type = "text", validation = new { unique = true } },
                new { name = "views", type = "number", validation = new { min = 0 } },
            },
            list_rule = "",
            view_rule = "",
            create_rule = createRule,
        });
        return name;
    }

    [Fact]
    public async Task BeforeHook_ChangesData_ChangePersists()
    {
        var name = await PostsAsync();
        var probe = new HookProbe(Server);
        probe.Before(RecordOperation.Create, name, (change, _) =>
        {
            var title = change.Data["title"]!.GetValue<string>();
            change.Data["title"] = title.Trim();
            change.Data["slug"] = title.Trim().ToLowerInvariant().Replace(' ', '-');
            return ValueTask.CompletedTask;
        });
        probe.Before(RecordOperation.Update, name, (change, _) =>
        {
            Assert.Equal("Hello World", change.Previous!["title"]!.GetValue<string>());
            Assert.Equal(2, change.Data["views+"]!.GetValue<double>());
            change.Data["title"] = "Edited by hook";
            return ValueTask.CompletedTask;
        });

        var created = await Admin.CreateRecordAsync(name, new { title = "  Hello World " });
        Assert.Equal("hello-world", created.Data()["slug"]!.GetValue<string>());
        var updated = await (await Admin.PatchJsonAsync($"/api/v1/collections/{name}/records/{created.Id()}",
            new { data = new Dictionary<string, object> { ["views+"] = 2 } })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Edited by hook", updated.Data()["title"]!.GetValue<string>());

        var stored = await (await Admin.GetAsync($"/api/v1/collections/{name}/records/{created.Id()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Edited by hook", stored.Data()["title"]!.GetValue<string>());
        Assert.Equal("hello-world", stored.Data()["slug"]!.GetValue<string>());
        Assert.Equal(2, stored.Data()["views"]!.GetValue<double>());
    }

    [Fact]
    public async Task BeforeHook_InvalidChange_IsValidatedAgainAndRefused()
    {
        var name = await PostsAsync();
        new HookProbe(Server).Before(RecordOperation.Create, name, (change, _) =>
        {
            change.Data["views"] = "lots";
            return ValueTask.CompletedTask;
        });

        var problem = await (await Admin.PostRecordAsync(name, new { title = "x", views = 1 })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["views"]);
        Assert.Equal(0, await Admin.TotalAsync(name));
    }

    [Fact]
    public async Task BeforeHook_Rejects_Returns400AndWritesNothing()
    {
        var name = await PostsAsync();
        var probe = new HookProbe(Server);
        probe.AfterAll(name);
        var kept = await Admin.CreateRecordAsync(name, new { title = "keep me" });
        RecordChangeHandler noSpam = (change, _) =>
        {
            if (change.Operation == RecordOperation.Delete || change.Data["title"]?.GetValue<string>().Contains("spam") == true)
            {
                change.Reject("No spam, please.");
            }

            return ValueTask.CompletedTask;
        };
        probe.Before(RecordOperation.Create, name, noSpam);
        probe.Before(RecordOperation.Update, name, noSpam);
        probe.Before(RecordOperation.Delete, name, noSpam);
        await probe.IdleAsync();
        probe.Seen.Clear();

        var rejected = await (await Admin.PostRecordAsync(name, new { title = "buy spam" })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("No spam, please.", rejected["detail"]!.GetValue<string>());
        await (await Admin.PatchRecordAsync(name, kept.Id(), new { title = "now spam" })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await Admin.DeleteAsync($"/api/v1/collections/{name}/records/{kept.Id()}")).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(1, await Admin.TotalAsync(name));
        Assert.Equal("keep me", await Admin.MatchingAsync(name, "title != null"));
        await probe.IdleAsync();
        Assert.Empty(probe.Seen);
    }

    [Fact]
    public async Task BeforeHook_Throws_Returns500NamingTheOwnerWithoutInternals()
    {
        var name = await PostsAsync();
        new HookProbe(Server, "broken-plugin").Before(RecordOperation.Create, name, (_, _) => throw new InvalidOperationException("connection string leaked"));

        var problem = await (await Admin.PostRecordAsync(name, new { title = "x" })).ExpectProblemAsync(HttpStatusCode.InternalServerError);
        var detail = problem["detail"]!.GetValue<string>();
        Assert.Contains("broken-plugin", detail);
        Assert.DoesNotContain("leaked", detail);
        Assert.Equal(0, await Admin.TotalAsync(name));
    }

    [Fact]
    public async Task AfterHook_RunsExactlyOncePerCommittedWriteInOrder()
    {
        var name = await PostsAsync();
        var probe = new HookProbe(Server);
        probe.AfterAll(name);
        probe.Any(e => e is RecordEvent && e.Collection == name);

        var created = await Admin.CreateRecordAsync(name, new { title = "one", views = 1 });
        await (await Admin.PatchRecordAsync(name, created.Id(), new { title = "two" })).ExpectAsync(HttpStatusCode.OK);
        await (await Admin.DeleteAsync($"/api/v1/collections/{name}/records/{created.Id()}")).ExpectAsync(HttpStatusCode.NoContent);
        await probe.IdleAsync();

        var events = probe.Seen.ToArray();
        Assert.Equal([EventTypes.RecordCreated, EventTypes.RecordUpdated, EventTypes.RecordDeleted], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal(created.Id(), e.RecordId));
        Assert.All(events, e => Assert.Equal(Server.AdminId, e.Actor.UserId));
        Assert.Equal("one", events[0].Data["title"]!.GetValue<string>());
        Assert.Null(events[0].Previous);
        Assert.Equal("two", events[1].Data["title"]!.GetValue<string>());
        Assert.Equal("one", events[1].Previous!["title"]!.GetValue<string>());
        Assert.Equal("two", events[2].Data["title"]!.GetValue<string>());
        Assert.Equal(3, probe.SeenByAny.Count);
    }

    [Fact]
    public async Task AfterHook_NeverRunsForRolledBackWrites()
    {
        var name = await PostsAsync(createRule: "title != \"forbidden\"");
        var probe = new HookProbe(Server);
        probe.AfterAll(name);
        probe.Before(RecordOperation.Create, name, (change, _) =>
        {
            if (change.Data["title"]!.GetValue<string>() == "reject me")
            {
                change.Reject("Rejected.");
            }

            return ValueTask.CompletedTask;
        });
        var user = await Server.NewUserAsync();
        await Admin.CreateRecordAsync(name, new { title = "first", slug = "taken" });
        await probe.IdleAsync();
        probe.Seen.Clear();

        // Denied by the create rule after the insert, rolled back.
        await (await user.Client.PostRecordAsync(name, new { title = "forbidden" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await Admin.PostRecordAsync(name, new { title = "reject me" })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var duplicate = await (await Admin.PostRecordAsync(name, new { title = "dup", slug = "taken" })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(duplicate["errors"]!["slug"]);
        var batch = await Admin.PostJsonAsync($"/api/v1/collections/{name}/records/batch",
            new { records = new object[] { new { title = "fine" }, new { title = "reject me" }, new { title = "also fine" } } });
        Assert.Contains("Record 1", (await batch.ExpectProblemAsync(HttpStatusCode.BadRequest))["detail"]!.GetValue<string>());
        var views = await (await Admin.PatchJsonAsync($"/api/v1/collections/{name}/records/{(await Admin.ListAsync(name))["items"]![0]!.Id()}",
            new { data = new Dictionary<string, object> { ["views-"] = 5 } })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(views["errors"]!["views"]);

        Assert.Equal(1, await Admin.TotalAsync(name));
        Assert.Equal("first", await Admin.MatchingAsync(name, "views = null"));
        await probe.IdleAsync();
        Assert.Empty(probe.Seen);
    }

    [Fact]
    public async Task AfterHook_Throwing_DoesNotAffectResponseOrOtherHandlers()
    {
        var name = await PostsAsync();
        var probe = new HookProbe(Server, "flaky-plugin");
        probe.After(EventTypes.RecordCreated, name, (_, _) => throw new InvalidOperationException("after-hook failure"));
        probe.After(EventTypes.RecordCreated, name);
        probe.Any(e => e is RecordEvent && e.Collection == name);

        var created = await Admin.CreateRecordAsync(name, new { title = "still fine" });
        await probe.IdleAsync();

        Assert.Equal(created.Id(), Assert.Single(probe.Seen).RecordId);
        Assert.Single(probe.SeenByAny);
        Assert.Equal(1, await Admin.TotalAsync(name));
    }

    [Fact]
    public async Task BeforeHooks_RunByPriority()
    {
        var name = await PostsAsync();
        var probe = new HookProbe(Server);
        var order = new List<string>();
        probe.Before(RecordOperation.Create, name, (_, _) => { order.Add("low"); return ValueTask.CompletedTask; }, priority: -5);
        probe.Before(RecordOperation.Create, name, (_, _) => { order.Add("high"); return ValueTask.CompletedTask; }, priority: 10);
        probe.Before(RecordOperation.Create, name, (_, _) => { order.Add("default"); return ValueTask.CompletedTask; });

        await Admin.CreateRecordAsync(name, new { title = "x" });
        Assert.Equal(["high", "default", "low"], order);
    }

    [Fact]
    public async Task BeforeHook_WritingItsOwnCollectionForever_StopsAtTheDepthLimit()
    {
        var name = await PostsAsync();
        var records = Server.Factory.Services.GetRequiredService<RecordService>();
        new HookProbe(Server, "loop-plugin").Before(RecordOperation.Create, name, async (change, ct) =>
            await records.CreateAsync(RecordCaller.System, name, new JsonObject { ["title"] = "again" }, ct));

        var problem = await (await Admin.PostRecordAsync(name, new { title = "start" })).ExpectProblemAsync(HttpStatusCode.InternalServerError);
        Assert.Contains("recursion", problem["detail"]!.GetValue<string>());
        Assert.Equal(0, await Admin.TotalAsync(name));
    }

    [Fact]
    public async Task CollectionChanges_PublishCollectionEvents()
    {
        var name = RecordClient.NewName("events");
        var renamed = name + "_v2";
        var probe = new HookProbe(Server);
        probe.Any(e => e is CollectionEvent && (e.Collection == name || e.Collection == renamed));

        var created = await Admin.CreateCollectionAsync(new { name, schema = new object[] { new { name = "title", type = "text" } } });
        await (await Admin.PatchJsonAsync($"/api/v1/collections/{created.Id()}", new { name = renamed })).ExpectAsync(HttpStatusCode.OK);
        await (await Admin.DeleteAsync($"/api/v1/collections/{created.Id()}")).ExpectAsync(HttpStatusCode.NoContent);
        await probe.IdleAsync();

        var events = probe.SeenByAny.Cast<CollectionEvent>().ToArray();
        Assert.Equal([EventTypes.CollectionCreated, EventTypes.CollectionUpdated, EventTypes.CollectionDeleted], events.Select(e => e.Type));
        Assert.Equal(name, events[1].PreviousName);
        Assert.Equal(renamed, events[1].Collection);
        Assert.All(events, e => Assert.Equal(created.Id(), e.CollectionId));
    }
}

public sealed class EventBusTestsSqlite(SqliteServer server) : EventBusTests(server), IClassFixture<SqliteServer>;

public sealed class EventBusTestsPostgres(PostgresServer server) : EventBusTests(server), IClassFixture<PostgresServer>;
