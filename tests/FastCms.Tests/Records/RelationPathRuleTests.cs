using System.Net;
using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.Records;

/// <summary>
/// Filter and sort paths through relations reach only related rows the caller may view: any other row reads as an
/// empty relation, so that a filter cannot serve as a yes/no oracle on hidden values.
/// </summary>
public abstract class RelationPathRuleTests(ServerFixture server) : ServerTests(server)
{
    private const string Own = "author = @request.auth.id";

    /// <summary>
    /// <c>pub</c> (public; its list rule carries a parameter of its own) points at <c>secrets</c> (owner only), at
    /// <c>locked</c> (admins only) and at <c>shared</c>, whose view rule itself follows a relation into <c>secrets</c>.
    /// Record <c>p1</c> points at the owner's secret "alice private", <c>p2</c> at nothing, <c>p3</c> at "zed".
    /// </summary>
    private async Task<(string Pub, string OwnerId, HttpClient Owner, HttpClient Other)> SeedAsync()
    {
        var secrets = RecordClient.NewName("secrets");
        await Admin.CreateCollectionAsync(new
        {
            name = secrets,
            schema = new object[] { Text("title"), Relation("author", "users") },
            list_rule = Own,
            view_rule = Own,
        });
        var locked = RecordClient.NewName("locked");
        await Admin.CreateCollectionAsync(new { name = locked, schema = new object[] { Text("title") } });
        var shared = RecordClient.NewName("shared");
        await Admin.CreateCollectionAsync(new
        {
            name = shared,
            schema = new object[] { Text("title"), Relation("parent", secrets) },
            view_rule = "parent.author = @request.auth.id && title != 'never'",
        });
        var pub = RecordClient.NewName("pub");
        await Admin.CreateCollectionAsync(new
        {
            name = pub,
            schema = new object[]
            {
                Text("title"), Relation("ref", secrets), Relation("refs", secrets, 5), Relation("lock", locked), Relation("share", shared),
            },
            list_rule = "title != 'zzz'",
            view_rule = "",
        });

        var owner = await Server.NewUserAsync();
        var other = await Server.NewUserAsync();
        var secret = (await Admin.CreateRecordAsync(secrets, new { title = "alice private", author = owner.Id })).Id();
        var zed = (await Admin.CreateRecordAsync(secrets, new { title = "zed", author = owner.Id })).Id();
        var classified = (await Admin.CreateRecordAsync(locked, new { title = "classified" })).Id();
        var note = (await Admin.CreateRecordAsync(shared, new { title = "note", parent = secret })).Id();
        await Admin.CreateRecordAsync(pub, new { title = "p1", @ref = secret, refs = new[] { secret }, @lock = classified, share = note });
        await Admin.CreateRecordAsync(pub, new { title = "p2" });
        await Admin.CreateRecordAsync(pub, new { title = "p3", @ref = zed, refs = new[] { zed } });
        return (pub, owner.Id, owner.Client, other.Client);
    }

    private static object Text(string name) => new { name, type = "text" };

    private static object Relation(string name, string target, int maxSelect = 1) =>
        new { name, type = "relation", options = new { collection = target, max_select = maxSelect } };

    [Fact]
    public async Task List_FilterThroughSingleRelation_HiddenTargetReadsAsEmpty()
    {
        var (pub, _, owner, other) = await SeedAsync();

        foreach (var caller in new[] { Anonymous(), other })
        {
            Assert.Equal("", await caller.MatchingAsync(pub, "ref.title >= 'alice p'"));
            Assert.Equal("", await caller.MatchingAsync(pub, "ref.title ~ 'alice'"));
            Assert.Equal("p1,p2,p3", await caller.MatchingAsync(pub, "ref.title = null"));
            Assert.Equal("p1,p2,p3", await caller.MatchingAsync(pub, "ref.title != 'alice private'"));
        }

        Assert.Equal("p1,p3", await owner.MatchingAsync(pub, "ref.title >= 'alice p'"));
        Assert.Equal("p1", await owner.MatchingAsync(pub, "ref.title ~ 'alice'"));
        Assert.Equal("p2", await owner.MatchingAsync(pub, "ref.title = null"));
        Assert.Equal("p1,p3", await Admin.MatchingAsync(pub, "ref.title >= 'alice p'"));
    }

    [Fact]
    public async Task List_AnyOfThroughMultiRelation_HiddenTargetsReadAsEmpty()
    {
        var (pub, _, owner, other) = await SeedAsync();

        Assert.Equal("", await Anonymous().MatchingAsync(pub, "refs.title ?~ 'alice'"));
        Assert.Equal("", await other.MatchingAsync(pub, "refs.title ?>= 'a'"));
        Assert.Equal("p1", await owner.MatchingAsync(pub, "refs.title ?~ 'alice'"));
        Assert.Equal("p1,p3", await Admin.MatchingAsync(pub, "refs.title ?>= 'a'"));
    }

    [Fact]
    public async Task List_FilterIntoAdminsOnlyCollection_MatchesOnlyForAdmins()
    {
        var (pub, _, owner, _) = await SeedAsync();

        Assert.Equal("", await Anonymous().MatchingAsync(pub, "lock.title = 'classified'"));
        Assert.Equal("", await owner.MatchingAsync(pub, "lock.title ~ 'class'"));
        Assert.Equal("p1,p2,p3", await owner.MatchingAsync(pub, "lock.title = null"));
        Assert.Equal("p1", await Admin.MatchingAsync(pub, "lock.title = 'classified'"));
    }

    [Fact]
    public async Task List_FilterOnHiddenTargetsRelation_HiddenTargetReadsAsEmpty()
    {
        var (pub, ownerId, owner, other) = await SeedAsync();

        Assert.Equal("", await Anonymous().MatchingAsync(pub, $"ref.author = '{ownerId}'"));
        Assert.Equal("", await other.MatchingAsync(pub, $"ref.author = '{ownerId}'"));
        Assert.Equal("p1,p3", await owner.MatchingAsync(pub, $"ref.author = '{ownerId}'"));
    }

    [Fact]
    public async Task List_FilterIntoCollectionWhoseRuleFollowsRelations_AppliesThatRule()
    {
        var (pub, _, owner, other) = await SeedAsync();

        Assert.Equal("", await Anonymous().MatchingAsync(pub, "share.title = 'note'"));
        Assert.Equal("", await other.MatchingAsync(pub, "share.title = 'note' && title != 'p9'"));
        Assert.Equal("p1", await owner.MatchingAsync(pub, "share.title = 'note' && title != 'p9'"));
        Assert.Equal("p1", await owner.MatchingAsync(pub, "share.parent.title ~ 'alice'"));
        Assert.Equal("", await other.MatchingAsync(pub, "share.parent.title ~ 'alice'"));
    }

    [Fact]
    public async Task List_SortThroughRelationToHiddenTarget_OrdersAsIfEmpty()
    {
        var (pub, _, owner, other) = await SeedAsync();

        foreach (var caller in new[] { Anonymous(), other })
        {
            var ascending = await TitlesAsync(caller, pub, "ref.title");
            var descending = await TitlesAsync(caller, pub, "-ref.title");
            Assert.Equal(ascending, descending);
        }

        var counted = await other.ListAsync(pub, $"per_page=1&sort=ref.title&filter={Uri.EscapeDataString("ref.title = null")}");
        Assert.Equal(3, counted["total"]!.GetValue<long>());
        Assert.Equal("p2,p1,p3", await TitlesAsync(owner, pub, "ref.title"));
        Assert.Equal("p3,p1,p2", await TitlesAsync(owner, pub, "-ref.title"));
        Assert.Equal("p3,p1,p2", await TitlesAsync(Admin, pub, "-ref.title"));
    }

    private static async Task<string> TitlesAsync(HttpClient client, string pub, string sort)
    {
        var page = await (await client.GetAsync($"/api/v1/collections/{pub}/records?sort={Uri.EscapeDataString(sort)}")).ExpectAsync(HttpStatusCode.OK);
        return string.Join(",", page["items"]!.AsArray().Select(i => i!["data"]!["title"]!.GetValue<string>()));
    }
}

public sealed class RelationPathRuleTestsSqlite(SqliteServer server) : RelationPathRuleTests(server), IClassFixture<SqliteServer>;

public sealed class RelationPathRuleTestsPostgres(PostgresServer server) : RelationPathRuleTests(server), IClassFixture<PostgresServer>;
