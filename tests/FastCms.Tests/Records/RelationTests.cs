using System.Net;
using FastCms.Plugins.Events;
using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.Records;

/// <summary>Relations: existence checks, expand (nested, rule-aware, users), and restrict / cascade / set null on delete.</summary>
public abstract class RelationTests(ServerFixture server) : ServerTests(server)
{
    private async Task<string> CollectionAsync(string prefix, object[] schema, string? viewRule = "")
    {
        var name = RecordClient.NewName(prefix);
        await Admin.CreateCollectionAsync(new { name, schema, list_rule = viewRule, view_rule = viewRule });
        return name;
    }

    private static object Relation(string name, string target, string onDelete = "restrict", int maxSelect = 1) =>
        new { name, type = "relation", options = new { collection = target, max_select = maxSelect, cascade_delete = onDelete } };

    private static object Text(string name) => new { name, type = "text" };

    [Fact]
    public async Task Expand_SingleMultiAndNested_FollowRelations()
    {
        var teams = await CollectionAsync("teams", [Text("label")]);
        var authors = await CollectionAsync("authors", [Text("nick"), Relation("team", teams), Relation("account", "users")]);
        var tags = await CollectionAsync("tags", [Text("label")]);
        var posts = await CollectionAsync("posts", [Text("title"), Relation("author", authors), Relation("tags", tags, maxSelect: 5)]);
        var team = (await Admin.CreateRecordAsync(teams, new { label = "core" })).Id();
        var author = (await Admin.CreateRecordAsync(authors, new { nick = "ann", team, account = Server.AdminId })).Id();
        var tag1 = (await Admin.CreateRecordAsync(tags, new { label = "one" })).Id();
        var tag2 = (await Admin.CreateRecordAsync(tags, new { label = "two" })).Id();
        var post = (await Admin.CreateRecordAsync(posts, new { title = "p", author, tags = new[] { tag2, tag1 } })).Id();

        var expanded = await (await Anonymous().GetAsync($"/api/v1/collections/{posts}/records/{post}?expand=author,author.team,tags")).ExpectAsync(HttpStatusCode.OK);
        var expandedAuthor = expanded["expand"]!["author"]!;
        Assert.Equal("ann", expandedAuthor.Data()["nick"]!.GetValue<string>());
        Assert.Equal("core", expandedAuthor["expand"]!["team"]!.Data()["label"]!.GetValue<string>());
        Assert.Equal(["two", "one"], expanded["expand"]!["tags"]!.AsArray().Select(t => t!.Data()["label"]!.GetValue<string>()));

        var list = await Anonymous().ListAsync(posts, "expand=author.team");
        Assert.Equal("core", list["items"]![0]!["expand"]!["author"]!["expand"]!["team"]!.Data()["label"]!.GetValue<string>());
        var noExpand = await Anonymous().ListAsync(posts);
        Assert.Null(noExpand["items"]![0]!["expand"]);

        await (await Anonymous().GetAsync($"/api/v1/collections/{posts}/records/{post}?expand=title")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await Anonymous().GetAsync($"/api/v1/collections/{posts}/records/{post}?expand=author.team.label.x.y")).ExpectProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Expand_RespectsTheTargetsViewRule()
    {
        var secrets = await CollectionAsync("secrets", [Text("label")], viewRule: null);
        var posts = await CollectionAsync("posts", [Text("title"), Relation("secret", secrets)]);
        var secret = (await Admin.CreateRecordAsync(secrets, new { label = "hush" })).Id();
        var post = (await Admin.CreateRecordAsync(posts, new { title = "p", secret })).Id();

        var asAnonymous = await (await Anonymous().GetAsync($"/api/v1/collections/{posts}/records/{post}?expand=secret")).ExpectAsync(HttpStatusCode.OK);
        Assert.Null(asAnonymous["expand"]);
        Assert.Equal(secret, asAnonymous.Data()["secret"]!.GetValue<string>());
        var asAdmin = await (await Admin.GetAsync($"/api/v1/collections/{posts}/records/{post}?expand=secret")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("hush", asAdmin["expand"]!["secret"]!.Data()["label"]!.GetValue<string>());
    }

    [Fact]
    public async Task Expand_Users_ShowsEmailOnlyToAdminsAndThemselves()
    {
        var posts = await CollectionAsync("posts", [Text("title"), Relation("author", "users")]);
        var ann = await Server.NamedUserAsync("Ann");
        var bob = await Server.NewUserAsync();
        var post = (await Admin.CreateRecordAsync(posts, new { title = "p", author = ann.Id })).Id();
        var url = $"/api/v1/collections/{posts}/records/{post}?expand=author";

        var byBob = (await (await bob.Client.GetAsync(url)).ExpectAsync(HttpStatusCode.OK))["expand"]!["author"]!;
        Assert.Equal(ann.Id, byBob.Id());
        Assert.Equal("Ann", byBob.Data()["name"]!.GetValue<string>());
        Assert.Null(byBob.Data()["email"]);
        var byAnn = (await (await ann.Client.GetAsync(url)).ExpectAsync(HttpStatusCode.OK))["expand"]!["author"]!;
        Assert.Equal(ann.Email, byAnn.Data()["email"]!.GetValue<string>());
        var byAdmin = await Admin.GetStringAsync(url);
        Assert.Contains(ann.Email, byAdmin);
        foreach (var body in new[] { byAdmin, byBob.ToJsonString(), byAnn.ToJsonString() })
        {
            Assert.DoesNotContain("password", body);
            Assert.DoesNotContain("token_version", body);
            Assert.DoesNotContain("\"role\"", body);
        }
    }

    [Fact]
    public async Task Create_RelationToMissingRecord_Returns400()
    {
        var targets = await CollectionAsync("targets", [Text("label")]);
        var posts = await CollectionAsync("posts", [Relation("one", targets), Relation("many", targets, maxSelect: 2)]);
        var real = (await Admin.CreateRecordAsync(targets, new { label = "x" })).Id();

        var missing = await (await Admin.PostRecordAsync(posts, new { one = "aaaaaaaaaaaaaaa" })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(missing["errors"]!["one"]);
        var partly = await (await Admin.PostRecordAsync(posts, new { many = new[] { real, "bbbbbbbbbbbbbbb" } })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(partly["errors"]!["many"]);
        var tooMany = await (await Admin.PostRecordAsync(posts, new { many = new[] { real, "bbbbbbbbbbbbbbb", "ccccccccccccccc" } })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(tooMany["errors"]!["many"]);
        await Admin.CreateRecordAsync(posts, new { one = real, many = new[] { real } });
        Assert.Equal(1, await Admin.TotalAsync(posts));
    }

    [Fact]
    public async Task Delete_Restrict_RefusesWhileReferenced()
    {
        var targets = await CollectionAsync("targets", [Text("label")]);
        var posts = await CollectionAsync("posts", [Text("title"), Relation("target", targets, "restrict")]);
        var target = (await Admin.CreateRecordAsync(targets, new { label = "x" })).Id();
        var post = (await Admin.CreateRecordAsync(posts, new { title = "p", target })).Id();

        var refused = await (await Admin.DeleteAsync($"/api/v1/collections/{targets}/records/{target}")).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("target", refused["detail"]!.GetValue<string>());
        Assert.Equal(1, await Admin.TotalAsync(targets));

        await (await Admin.DeleteAsync($"/api/v1/collections/{posts}/records/{post}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await Admin.DeleteAsync($"/api/v1/collections/{targets}/records/{target}")).ExpectAsync(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Delete_Cascade_DeletesReferencingRecordsWithEvents()
    {
        var targets = await CollectionAsync("targets", [Text("label")]);
        var posts = await CollectionAsync("posts", [Text("title"), Relation("target", targets, "cascade")]);
        var comments = await CollectionAsync("comments", [Text("body"), Relation("post", posts, "cascade")]);
        var probe = new HookProbe(Server);
        probe.AfterAll(comments);
        var target = (await Admin.CreateRecordAsync(targets, new { label = "x" })).Id();
        var other = (await Admin.CreateRecordAsync(targets, new { label = "y" })).Id();
        var post = (await Admin.CreateRecordAsync(posts, new { title = "p", target })).Id();
        await Admin.CreateRecordAsync(posts, new { title = "kept", target = other });
        await Admin.CreateRecordAsync(comments, new { body = "c1", post });
        await Admin.CreateRecordAsync(comments, new { body = "c2", post });

        await (await Admin.DeleteAsync($"/api/v1/collections/{targets}/records/{target}")).ExpectAsync(HttpStatusCode.NoContent);
        Assert.Equal("kept", await Admin.MatchingAsync(posts, "title != null"));
        Assert.Equal(0, await Admin.TotalAsync(comments));
        await probe.IdleAsync();
        Assert.Equal(2, probe.Seen.Count(e => e.Type == EventTypes.RecordDeleted));
    }

    [Fact]
    public async Task Delete_SetNull_ClearsSingleAndMultiReferences()
    {
        var targets = await CollectionAsync("targets", [Text("label")]);
        var posts = await CollectionAsync("posts", [Text("title"), Relation("one", targets, "set_null"), Relation("many", targets, "set_null", 3)]);
        var doomed = (await Admin.CreateRecordAsync(targets, new { label = "x" })).Id();
        var kept = (await Admin.CreateRecordAsync(targets, new { label = "y" })).Id();
        var post = (await Admin.CreateRecordAsync(posts, new { title = "p", one = doomed, many = new[] { doomed, kept } })).Id();
        var solo = (await Admin.CreateRecordAsync(posts, new { title = "q", many = new[] { doomed } })).Id();

        await (await Admin.DeleteAsync($"/api/v1/collections/{targets}/records/{doomed}")).ExpectAsync(HttpStatusCode.NoContent);
        var p = await (await Admin.GetAsync($"/api/v1/collections/{posts}/records/{post}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Null(p.Data()["one"]);
        Assert.Equal([kept], p.Data()["many"]!.AsArray().Select(v => v!.GetValue<string>()));
        var q = await (await Admin.GetAsync($"/api/v1/collections/{posts}/records/{solo}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(q.Data()["many"]!.AsArray());
    }

    [Fact]
    public async Task DeleteUser_AppliesOnDeleteOfRelationsToUsers()
    {
        var restrictive = await CollectionAsync("owned", [Text("title"), Relation("owner", "users", "restrict")]);
        var cascading = await CollectionAsync("drafts", [Text("title"), Relation("owner", "users", "cascade")]);
        var nulling = await CollectionAsync("posts", [Text("title"), Relation("author", "users", "set_null")]);
        var user = await Server.NewUserAsync();
        var held = (await Admin.CreateRecordAsync(restrictive, new { title = "holds", owner = user.Id })).Id();
        await Admin.CreateRecordAsync(cascading, new { title = "draft", owner = user.Id });
        var post = (await Admin.CreateRecordAsync(nulling, new { title = "post", author = user.Id })).Id();

        await (await Admin.DeleteAsync($"/api/v1/admin/users/{user.Id}")).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(1, await Admin.TotalAsync(cascading));
        await (await Admin.GetAsync($"/api/v1/admin/users/{user.Id}")).ExpectAsync(HttpStatusCode.OK);

        await (await Admin.DeleteAsync($"/api/v1/collections/{restrictive}/records/{held}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await Admin.DeleteAsync($"/api/v1/admin/users/{user.Id}")).ExpectAsync(HttpStatusCode.NoContent);
        Assert.Equal(0, await Admin.TotalAsync(cascading));
        var orphan = await (await Admin.GetAsync($"/api/v1/collections/{nulling}/records/{post}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Null(orphan.Data()["author"]);
    }

    [Fact]
    public async Task Delete_SelfReferencingCascade_Terminates()
    {
        var name = RecordClient.NewName("nodes");
        await Admin.CreateCollectionAsync(new { name, schema = new object[] { Text("label"), Relation("parent", name, "cascade") } });
        var root = (await Admin.CreateRecordAsync(name, new { label = "root" })).Id();
        var child = (await Admin.CreateRecordAsync(name, new { label = "child", parent = root })).Id();
        await Admin.CreateRecordAsync(name, new { label = "grandchild", parent = child });
        await (await Admin.PatchRecordAsync(name, root, new { parent = child })).ExpectAsync(HttpStatusCode.OK);

        await (await Admin.DeleteAsync($"/api/v1/collections/{name}/records/{root}")).ExpectAsync(HttpStatusCode.NoContent);
        Assert.Equal(0, await Admin.TotalAsync(name));
    }
}

public sealed class RelationTestsSqlite(SqliteServer server) : RelationTests(server), IClassFixture<SqliteServer>;

public sealed class RelationTestsPostgres(PostgresServer server) : RelationTests(server), IClassFixture<PostgresServer>;
