using System.Net;
using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.Records;

/// <summary>Access rules: null = admins only, "" = anyone, expressions compiled into the statements.</summary>
public abstract class AccessRuleTests(ServerFixture server) : ServerTests(server)
{
    private const string Own = "author = @request.auth.id";

    private async Task<string> OwnedNotesAsync()
    {
        var name = RecordClient.NewName("notes");
        await Admin.CreateCollectionAsync(new
        {
            name,
            schema = new object[]
            {
                new { name = "title", type = "text" },
                new { name = "author", type = "relation", options = new { collection = "users" } },
            },
            list_rule = Own,
            view_rule = Own,
            create_rule = "@request.auth.id != \"\" && @request.data.author = @request.auth.id",
            update_rule = Own,
            delete_rule = Own,
        });
        return name;
    }

    [Fact]
    public async Task List_OwnerRule_ReturnsOnlyTheCallersRowsWithTheirTotal()
    {
        var name = await OwnedNotesAsync();
        var a = await Server.NewUserAsync();
        var b = await Server.NewUserAsync();
        for (var i = 0; i < 3; i++)
        {
            await a.Client.CreateRecordAsync(name, new { title = $"a{i}", author = a.Id });
        }

        for (var i = 0; i < 2; i++)
        {
            await b.Client.CreateRecordAsync(name, new { title = $"b{i}", author = b.Id });
        }

        await Admin.CreateRecordAsync(name, new { title = "orphan" });

        var pageOfA = await a.Client.ListAsync(name, "per_page=2");
        Assert.Equal(3, pageOfA["total"]!.GetValue<long>());
        Assert.Equal(2, pageOfA["total_pages"]!.GetValue<long>());
        Assert.All(pageOfA["items"]!.AsArray(), i => Assert.Equal(a.Id, i!["data"]!["author"]!.GetValue<string>()));
        Assert.Equal("a0,a1,a2", await a.Client.MatchingAsync(name, "title != \"\""));
        Assert.Equal("b0,b1", await b.Client.MatchingAsync(name, "title != \"\""));
        Assert.Equal("b1", await b.Client.MatchingAsync(name, "title = \"b1\" || title = \"a1\""));

        var anonymous = await Anonymous().ListAsync(name);
        Assert.Empty(anonymous["items"]!.AsArray());
        Assert.Equal(0, anonymous["total"]!.GetValue<long>());
        Assert.Equal(6, await Admin.TotalAsync(name));
    }

    [Fact]
    public async Task ViewUpdateDelete_OtherUsersRecord_Answer404AndChangeNothing()
    {
        var name = await OwnedNotesAsync();
        var a = await Server.NewUserAsync();
        var b = await Server.NewUserAsync();
        var note = (await a.Client.CreateRecordAsync(name, new { title = "mine", author = a.Id })).Id();
        var url = $"/api/v1/collections/{name}/records/{note}";

        await (await b.Client.GetAsync(url)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await Anonymous().GetAsync(url)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await b.Client.PatchRecordAsync(name, note, new { title = "stolen" })).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await b.Client.DeleteAsync(url)).ExpectProblemAsync(HttpStatusCode.NotFound);
        var missing = await b.Client.GetAsync($"/api/v1/collections/{name}/records/aaaaaaaaaaaaaaa");
        Assert.Equal("Not Found", (await missing.ExpectProblemAsync(HttpStatusCode.NotFound))["title"]!.ToString());

        var own = await (await a.Client.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("mine", own.Data()["title"]!.GetValue<string>());
        var changed = await (await a.Client.PatchRecordAsync(name, note, new { title = "changed" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("changed", changed.Data()["title"]!.GetValue<string>());
        await (await a.Client.DeleteAsync(url)).ExpectAsync(HttpStatusCode.NoContent);
        await (await Admin.GetAsync(url)).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Create_RuleSeesSubmittedData()
    {
        var name = await OwnedNotesAsync();
        var a = await Server.NewUserAsync();
        var b = await Server.NewUserAsync();

        await (await b.Client.PostRecordAsync(name, new { title = "forged", author = a.Id })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await Anonymous().PostRecordAsync(name, new { title = "anonymous" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await b.Client.CreateRecordAsync(name, new { title = "own", author = b.Id });
        Assert.Equal(1, await Admin.TotalAsync(name));
    }

    [Fact]
    public async Task NullRules_AnonymousAndUsersSeeNothing_AdminsEverything()
    {
        var name = RecordClient.NewName("locked");
        await Admin.CreateCollectionAsync(new { name, schema = new object[] { new { name = "title", type = "text" } } });
        var record = (await Admin.CreateRecordAsync(name, new { title = "secret plans" })).Id();
        var user = await Server.NewUserAsync();
        var url = $"/api/v1/collections/{name}/records/{record}";

        foreach (var client in new[] { Anonymous(), user.Client })
        {
            var page = await client.ListAsync(name);
            Assert.Empty(page["items"]!.AsArray());
            Assert.Equal(0, page["total"]!.GetValue<long>());
            await (await client.GetAsync(url)).ExpectProblemAsync(HttpStatusCode.NotFound);
            await (await client.PostRecordAsync(name, new { title = "x" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
            await (await client.PatchRecordAsync(name, record, new { title = "x" })).ExpectProblemAsync(HttpStatusCode.NotFound);
            await (await client.DeleteAsync(url)).ExpectProblemAsync(HttpStatusCode.NotFound);
        }

        Assert.Equal(1, await Admin.TotalAsync(name));
        Assert.Equal("secret plans", (await (await Admin.GetAsync(url)).ExpectAsync(HttpStatusCode.OK)).Data()["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task EmptyRules_AnyoneMayReadAndWrite()
    {
        var name = RecordClient.NewName("open");
        await Admin.CreateCollectionAsync(new
        {
            name,
            schema = new object[] { new { name = "title", type = "text" } },
            list_rule = "", view_rule = "", create_rule = "", update_rule = "", delete_rule = "",
        });
        var created = await Anonymous().CreateRecordAsync(name, new { title = "hello" });
        await (await Anonymous().PatchRecordAsync(name, created.Id(), new { title = "hi" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("hi", await Anonymous().MatchingAsync(name, "title != null"));
        await (await Anonymous().DeleteAsync($"/api/v1/collections/{name}/records/{created.Id()}")).ExpectAsync(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Rules_RequestQueryRoleEmailAndRecordFields()
    {
        var name = RecordClient.NewName("mixed");
        await Admin.CreateCollectionAsync(new
        {
            name,
            schema = new object[] { new { name = "title", type = "text" }, new { name = "contact", type = "email" }, new { name = "level", type = "number" } },
            list_rule = "@request.query.key = \"open-sesame\" || (@request.auth.role = \"user\" && level < 5)",
            view_rule = "contact = @request.auth.email",
            create_rule = "@request.data.level <= 3 && @request.method = \"POST\"",
        });
        var user = await Server.NewUserAsync();
        await Admin.CreateRecordAsync(name, new { title = "low", level = 1, contact = user.Email });
        await Admin.CreateRecordAsync(name, new { title = "high", level = 9 });

        Assert.Equal("", await Anonymous().MatchingAsync(name, "title != null"));
        Assert.Equal("high,low", string.Join(",", (await Anonymous().ListAsync(name, "key=open-sesame&sort=title"))["items"]!.AsArray().Select(i => i!["data"]!["title"]!.GetValue<string>())));
        Assert.Equal("low", await user.Client.MatchingAsync(name, "title != null"));

        var records = (await Admin.ListAsync(name, "sort=title"))["items"]!.AsArray();
        await (await user.Client.GetAsync($"/api/v1/collections/{name}/records/{records[1]!.Id()}")).ExpectAsync(HttpStatusCode.OK);
        await (await user.Client.GetAsync($"/api/v1/collections/{name}/records/{records[0]!.Id()}")).ExpectProblemAsync(HttpStatusCode.NotFound);

        await user.Client.CreateRecordAsync(name, new { title = "ok", level = 2, contact = user.Email });
        await (await user.Client.PostRecordAsync(name, new { title = "too high", level = 4 })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await user.Client.PostRecordAsync(name, new { title = "no level" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task List_Total_FollowsEveryWriteImmediately()
    {
        var name = RecordClient.NewName("counted");
        await Admin.CreateCollectionAsync(new
        {
            name,
            schema = new object[] { new { name = "n", type = "number" } },
            list_rule = "n > 0", view_rule = "", create_rule = "", update_rule = "", delete_rule = "",
        });
        async Task<long> Total() => (await Anonymous().ListAsync(name, "per_page=1&filter=n%20%3C%20100"))["total"]!.GetValue<long>();
        var ids = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            ids.Add((await Anonymous().CreateRecordAsync(name, new { n = i })).Id());
        }

        Assert.Equal(3, await Total());
        Assert.Equal(3, await Total());
        await Anonymous().CreateRecordAsync(name, new { n = 4 });
        Assert.Equal(4, await Total());
        await (await Admin.DeleteAsync($"/api/v1/collections/{name}/records/{ids[0]}")).ExpectAsync(HttpStatusCode.NoContent);
        Assert.Equal(3, await Total());
        await (await Admin.PatchRecordAsync(name, ids[1], new { n = 0 })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, await Total());
    }

    [Fact]
    public async Task Rules_AdminBypassesEveryRule()
    {
        var name = await OwnedNotesAsync();
        var user = await Server.NewUserAsync();
        var mine = (await user.Client.CreateRecordAsync(name, new { title = "user's", author = user.Id })).Id();
        var admins = (await Admin.CreateRecordAsync(name, new { title = "admin's" })).Id();

        Assert.Equal("admin's,user's", await Admin.MatchingAsync(name, "title != null"));
        await (await Admin.PatchRecordAsync(name, mine, new { title = "edited by admin" })).ExpectAsync(HttpStatusCode.OK);
        await (await Admin.DeleteAsync($"/api/v1/collections/{name}/records/{admins}")).ExpectAsync(HttpStatusCode.NoContent);
    }
}

public sealed class AccessRuleTestsSqlite(SqliteServer server) : AccessRuleTests(server), IClassFixture<SqliteServer>;

public sealed class AccessRuleTestsPostgres(PostgresServer server) : AccessRuleTests(server), IClassFixture<PostgresServer>;
