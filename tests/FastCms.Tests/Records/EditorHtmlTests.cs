using System.Net;
using System.Text.Json.Nodes;
using FastCms.Plugins;
using FastCms.Plugins.Events;
using FastCms.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FastCms.Tests.Records;

/// <summary>Editor fields store sanitized HTML whoever writes them, unless the field keeps HTML as given.</summary>
public abstract class EditorHtmlTests(ServerFixture server) : ServerTests(server)
{
    private const string Dirty =
        "<h2>Title</h2><p>Hello <b>bold</b> <a href=\"javascript:alert(1)\">bad link</a> <a href=\"https://example.com/\">good link</a></p>" +
        "<ul><li>one</li></ul><script>alert('x')</script><img src=\"https://example.com/a.png\" onerror=\"alert(2)\" alt=\"pic\">" +
        "<p style=\"color: red\" onclick=\"alert(3)\">styled</p>";

    private async Task<string> CollectionAsync(bool keepHtml = false)
    {
        var name = RecordClient.NewName("articles");
        object body = keepHtml
            ? new { name = "body", type = "editor", options = new { keep_html = true } }
            : new { name = "body", type = "editor" };
        await Admin.CreateCollectionAsync(new
        {
            name,
            schema = new[] { new { name = "title", type = "text" }, body },
            list_rule = "", view_rule = "", create_rule = "", update_rule = "",
        });
        return name;
    }

    private static void AssertSanitized(string? html)
    {
        Assert.NotNull(html);
        foreach (var gone in new[] { "<script", "alert", "onerror", "onclick", "javascript:", "style=" })
        {
            Assert.DoesNotContain(gone, html, StringComparison.OrdinalIgnoreCase);
        }

        foreach (var kept in new[] { "<h2>Title</h2>", "<b>bold</b>", "<ul><li>one</li></ul>", "<a href=\"https://example.com/\">good link</a>", "<img src=\"https://example.com/a.png\" alt=\"pic\">", "<p>styled</p>" })
        {
            Assert.Contains(kept, html, StringComparison.Ordinal);
        }
    }

    private async Task<string?> StoredAsync(string collection, string id) =>
        (await (await Admin.GetAsync($"/api/v1/collections/{collection}/records/{id}")).ExpectAsync(HttpStatusCode.OK)).Data()["body"]?.GetValue<string>();

    [Fact]
    public async Task Create_ScriptsAndHandlersInEditorHtml_AreRemoved()
    {
        var name = await CollectionAsync();
        var user = await Server.NewUserAsync();

        var created = await (await user.Client.PostRecordAsync(name, new { title = "t", body = Dirty })).ExpectAsync(HttpStatusCode.Created);

        AssertSanitized(created.Data()["body"]!.GetValue<string>());
        AssertSanitized(await StoredAsync(name, created.Id()));
    }

    [Fact]
    public async Task Update_ScriptsAndHandlersInEditorHtml_AreRemoved()
    {
        var name = await CollectionAsync();
        var id = (await Admin.CreateRecordAsync(name, new { title = "t", body = "<p>clean</p>" })).Id();

        var updated = await (await Admin.PatchRecordAsync(name, id, new { body = Dirty })).ExpectAsync(HttpStatusCode.OK);

        AssertSanitized(updated.Data()["body"]!.GetValue<string>());
        AssertSanitized(await StoredAsync(name, id));
    }

    [Fact]
    public async Task BeforeHook_PutsScriptsInEditorHtml_AreRemovedOnCreateAndUpdate()
    {
        var name = await CollectionAsync();
        var probe = new HookProbe(Server, "editor-hooks-" + Guid.NewGuid().ToString("N")[..8]);
        RecordChangeHandler dirty = (change, _) =>
        {
            if (change.Data["title"]?.GetValue<string>() == "dirty me")
            {
                change.Data["body"] = Dirty;
            }

            return ValueTask.CompletedTask;
        };
        probe.Before(RecordOperation.Create, name, dirty);
        probe.Before(RecordOperation.Update, name, dirty);

        // Left alone by the hook, the body the request sent is kept as sanitized the first time.
        var untouched = await Admin.CreateRecordAsync(name, new { title = "t", body = Dirty });
        AssertSanitized(await StoredAsync(name, untouched.Id()));
        var created = await Admin.CreateRecordAsync(name, new { title = "dirty me", body = "<p>clean</p>" });
        AssertSanitized(await StoredAsync(name, created.Id()));
        var other = (await Admin.CreateRecordAsync(name, new { title = "t", body = "<p>clean</p>" })).Id();
        await (await Admin.PatchRecordAsync(name, other, new { title = "dirty me", body = "<p>clean</p>" })).ExpectAsync(HttpStatusCode.OK);
        AssertSanitized(await StoredAsync(name, other));
    }

    [Fact]
    public async Task Batch_ScriptsAndHandlersInEditorHtml_AreRemoved()
    {
        var name = await CollectionAsync();

        await (await Admin.PostJsonAsync($"/api/v1/collections/{name}/records/batch", new { records = new[] { new { title = "a", body = Dirty }, new { title = "b", body = Dirty } } }))
            .ExpectAsync(HttpStatusCode.Created);

        var items = (await Admin.ListAsync(name))["items"]!.AsArray();
        Assert.Equal(2, items.Count);
        Assert.All(items, item => AssertSanitized(item!.Data()["body"]!.GetValue<string>()));
    }

    [Fact]
    public async Task PluginRecords_ScriptsAndHandlersInEditorHtml_AreRemovedOnCreateAndUpdate()
    {
        var name = await CollectionAsync();
        var records = Server.Factory.Services.GetRequiredService<IRecords>().System;

        var created = await records.CreateAsync(name, new JsonObject { ["title"] = "p", ["body"] = Dirty }, TestContext.Current.CancellationToken);
        var id = created["id"]!.GetValue<string>();
        AssertSanitized(await StoredAsync(name, id));

        await records.UpdateAsync(name, id, new JsonObject { ["body"] = "<p>again</p>" + Dirty }, TestContext.Current.CancellationToken);
        var stored = await StoredAsync(name, id);
        AssertSanitized(stored);
        Assert.StartsWith("<p>again</p>", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_OnlyMarkupThatRunsNothing_BecomesEmpty()
    {
        var name = await CollectionAsync();

        var created = await Admin.CreateRecordAsync(name, new { title = "t", body = "<script>alert(1)</script>" });

        Assert.Null(created.Data()["body"]);
    }

    [Fact]
    public async Task Create_KeepHtmlField_StoresHtmlAsGiven()
    {
        var name = await CollectionAsync(keepHtml: true);

        var created = await Admin.CreateRecordAsync(name, new { title = "t", body = Dirty });
        var id = created.Id();
        await (await Admin.PatchRecordAsync(name, id, new { title = "u" })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(Dirty, created.Data()["body"]!.GetValue<string>());
        Assert.Equal(Dirty, await StoredAsync(name, id));
        var field = (await (await Admin.GetAsync($"/api/v1/collections/name/{name}")).ExpectAsync(HttpStatusCode.OK))["schema"]![1]!;
        Assert.True(field["options"]!["keep_html"]!.GetValue<bool>());
    }

    [Fact]
    public async Task CreateCollection_KeepHtmlOnTextField_IsRefused()
    {
        var response = await Admin.PostJsonAsync("/api/v1/collections", new
        {
            name = RecordClient.NewName("articles"),
            schema = new[] { new { name = "title", type = "text", options = new { keep_html = true } } },
        });

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]?["schema[0].options.keep_html"] is not null, problem.ToJsonString());
    }
}

public sealed class EditorHtmlTestsSqlite(SqliteServer server) : EditorHtmlTests(server), IClassFixture<SqliteServer>;

public sealed class EditorHtmlTestsPostgres(PostgresServer server) : EditorHtmlTests(server), IClassFixture<PostgresServer>;
