using System.Net;
using FastCms.Plugins.Events;
using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.Records;

/// <summary>Hidden fields are write-only: never in a response, never in an event.</summary>
public abstract class HiddenFieldTests(ServerFixture server) : ServerTests(server)
{
    private const string Secret = "s3cr3t-value";

    private async Task<(string Name, string Related)> CollectionsAsync()
    {
        var related = RecordClient.NewName("vault");
        await Admin.CreateCollectionAsync(new
        {
            name = related,
            schema = new object[] { new { name = "label", type = "text" }, new { name = "pin", type = "text", hidden = true } },
            list_rule = "", view_rule = "",
        });
        var name = RecordClient.NewName("accounts");
        await Admin.CreateCollectionAsync(new
        {
            name,
            schema = new object[]
            {
                new { name = "title", type = "text" },
                new { name = "secret", type = "text", hidden = true },
                new { name = "vault", type = "relation", options = new { collection = related } },
            },
            list_rule = "", view_rule = "", create_rule = "", update_rule = "", delete_rule = "",
        });
        return (name, related);
    }

    [Fact]
    public async Task Responses_NeverContainHiddenFields()
    {
        var (name, related) = await CollectionsAsync();
        var vault = await Admin.CreateRecordAsync(related, new { label = "v", pin = Secret });
        var user = await Server.NewUserAsync();
        var bodies = new List<string>();

        var created = await user.Client.PostRecordAsync(name, new { title = "t", secret = Secret, vault = vault.Id() });
        bodies.Add(await created.Content.ReadAsStringAsync());
        var id = (await created.ExpectAsync(HttpStatusCode.Created)).Id();
        foreach (var client in new[] { user.Client, Admin, Anonymous() })
        {
            bodies.Add(await client.GetStringAsync($"/api/v1/collections/{name}/records/{id}?expand=vault"));
            bodies.Add(await client.GetStringAsync($"/api/v1/collections/{name}/records?expand=vault&fields=*"));
        }

        bodies.Add(await (await user.Client.PatchRecordAsync(name, id, new { secret = Secret + "2", title = "u" })).Content.ReadAsStringAsync());
        bodies.Add(await (await Admin.PostJsonAsync($"/api/v1/collections/{name}/records/batch", new { records = new[] { new { title = "b", secret = Secret } } })).Content.ReadAsStringAsync());
        bodies.Add(await Admin.GetStringAsync($"/api/v1/collections/{related}/records/{vault.Id()}"));

        Assert.All(bodies, body =>
        {
            Assert.DoesNotContain(Secret, body);
            Assert.DoesNotContain("\"secret\"", body);
            Assert.DoesNotContain("\"pin\"", body);
        });
        Assert.Contains("\"vault\"", bodies[1]);
    }

    [Fact]
    public async Task Queries_OnHiddenFields_AreRefusedForUsersAndAllowedForAdmins()
    {
        var (name, _) = await CollectionsAsync();
        await Admin.CreateRecordAsync(name, new { title = "t", secret = Secret });
        var user = await Server.NewUserAsync();

        foreach (var query in new[] { "fields=secret", "sort=secret", $"filter={Uri.EscapeDataString($"secret = \"{Secret}\"")}" })
        {
            await (await user.Client.GetAsync($"/api/v1/collections/{name}/records?{query}")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        }

        var admin = await Admin.GetStringAsync($"/api/v1/collections/{name}/records?filter={Uri.EscapeDataString($"secret = \"{Secret}\"")}");
        Assert.Contains("\"total\":1", admin);
        Assert.DoesNotContain(Secret, admin);
    }

    [Fact]
    public async Task Events_NeverCarryHiddenFields_BeforeHooksSeeThem()
    {
        var (name, _) = await CollectionsAsync();
        var probe = new HookProbe(Server);
        probe.AfterAll(name);
        string? seenByBeforeHook = null;
        probe.Before(RecordOperation.Create, name, (change, _) =>
        {
            seenByBeforeHook = change.Data["secret"]?.GetValue<string>();
            return ValueTask.CompletedTask;
        });

        var id = (await Admin.CreateRecordAsync(name, new { title = "t", secret = Secret })).Id();
        await (await Admin.PatchRecordAsync(name, id, new { secret = Secret + "2" })).ExpectAsync(HttpStatusCode.OK);
        await (await Admin.DeleteAsync($"/api/v1/collections/{name}/records/{id}")).ExpectAsync(HttpStatusCode.NoContent);
        await probe.IdleAsync();

        Assert.Equal(Secret, seenByBeforeHook);
        Assert.Equal(3, probe.Seen.Count);
        Assert.All(probe.Seen, e =>
        {
            Assert.False(e.Data.ContainsKey("secret"));
            Assert.False(e.Previous?.ContainsKey("secret") ?? false);
            Assert.DoesNotContain(Secret, e.Data.ToJsonString() + e.Previous?.ToJsonString());
            Assert.Equal("t", e.Data["title"]!.GetValue<string>());
        });
    }
}

public sealed class HiddenFieldTestsSqlite(SqliteServer server) : HiddenFieldTests(server), IClassFixture<SqliteServer>;

public sealed class HiddenFieldTestsPostgres(PostgresServer server) : HiddenFieldTests(server), IClassFixture<PostgresServer>;
