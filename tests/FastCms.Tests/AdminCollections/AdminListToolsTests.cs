using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.Records;

namespace FastCms.Tests.AdminCollections;

/// <summary>The records list's CSV export, bulk delete and API panel, over HTTP as the signed-in admin.</summary>
public abstract partial class AdminListToolsTests(ServerFixture server) : ServerTests(server)
{
    private Task<AdminClient> SignInAsync() => AdminClient.SignInAsync(Server.Factory, Server.AdminEmail, ServerFixture.AdminPassword);

    private async Task<string> ArticlesAsync(string prefix = "articles")
    {
        var name = RecordClient.NewName(prefix);
        await Admin.CreateCollectionAsync(new
        {
            name,
            schema = new object[]
            {
                new { name = "title", type = "text" },
                new { name = "views", type = "number" },
                new { name = "tags", type = "select", options = new { values = new[] { "news", "tech" }, max_select = 2 } },
                new { name = "meta", type = "json" },
                new { name = "day", type = "date" },
                new { name = "secret", type = "text", hidden = true },
            },
        });
        return name;
    }

    [Fact]
    public async Task Export_FilteredAndSorted_HasExactlyTheMatchingRowsQuotedAndGuarded()
    {
        var name = await ArticlesAsync();
        string[] titles = ["Plain", "Comma, and \"quote\"", "Line\nbreak", "=SUM(A1:A9)", "+1", "-2", "@cmd", "\ttab", "Grüße"];
        for (var i = 0; i < titles.Length; i++)
        {
            await Admin.CreateRecordAsync(name, new { title = titles[i], views = i, tags = new[] { "news", "tech" }, meta = new { n = i }, day = "2025-03-04", secret = "s3cret" });
        }

        await Admin.CreateRecordAsync(name, new { title = "Not matching", views = 100 });
        var admin = await SignInAsync();
        var list = await admin.GetPageAsync($"/admin/collections/{name}?filter={Uri.EscapeDataString("views < 50")}&sort=-views");
        var link = ExportLink().Match(list);
        Assert.True(link.Success, "the list links to its export");

        var response = await admin.GetAsync(WebUtility.HtmlDecode(link.Groups[1].Value));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
        Assert.Matches($"^{name}-\\d{{8}}-\\d{{6}}\\.csv$", response.Content.Headers.ContentDisposition!.FileName);
        var body = await response.Content.ReadAsByteArrayAsync();
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
        Assert.DoesNotContain("s3cret", text);

        var rows = CsvText.Parse(text);
        Assert.Equal(["id", "title", "views", "tags", "meta", "day", "created", "updated"], rows[0]);
        var expected = titles.Select((t, i) => (Title: t, Views: i)).OrderByDescending(t => t.Views).ToList();
        Assert.Equal(expected.Count, rows.Count - 1);
        string[] guarded = ["'=SUM(A1:A9)", "'+1", "'-2", "'@cmd", "'\ttab"];
        Assert.Equal(
            expected.Select(t => t.Title is ['=' or '+' or '-' or '@' or '\t', ..] ? "'" + t.Title : t.Title),
            rows.Skip(1).Select(r => r[1]));
        Assert.All(guarded, g => Assert.Contains(g, rows.Select(r => r[1])));
        Assert.Contains("\"Comma, and \"\"quote\"\"\"", text);
        Assert.Contains("\"Line\nbreak\"", text);
        var first = rows[1];
        Assert.Equal("8", first[2]);
        Assert.Equal("[\"news\",\"tech\"]", first[3]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("{\"n\":8}"), JsonNode.Parse(first[4])), $"meta is {first[4]}");
        Assert.Equal("2025-03-04", first[5]);
        Assert.Matches("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$", first[6]);
        var apiIds = (await Admin.ListAsync(name, $"filter={Uri.EscapeDataString("views < 50")}&sort=-views&per_page=100"))["items"]!.AsArray()
            .Select(r => r!["id"]!.GetValue<string>());
        Assert.Equal(apiIds, rows.Skip(1).Select(r => r[0]));
    }

    [Fact]
    public async Task Export_PlainWordsAndBadFilter_SearchesOrAnswers400()
    {
        var name = await ArticlesAsync();
        await Admin.CreateRecordAsync(name, new { title = "Spring news" });
        await Admin.CreateRecordAsync(name, new { title = "Autumn" });
        var admin = await SignInAsync();

        var words = CsvText.Parse(await admin.Http.GetStringAsync($"/admin/collections/{name}/export.csv?filter=spring"));
        Assert.Equal(["Spring news"], words.Skip(1).Select(r => r[1]));

        var bad = await admin.GetAsync($"/admin/collections/{name}/export.csv?filter={Uri.EscapeDataString("views >")}");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Cannot export: the filter is not valid.", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/admin/collections/missing/export.csv")).StatusCode);
    }

    [Fact]
    public async Task Export_FiftyThousandRecords_StreamsEveryRowInOrder()
    {
        var name = await ArticlesAsync();
        const int Count = 50_000;
        for (var start = 0; start < Count; start += 100)
        {
            var records = Enumerable.Range(start, 100).Select(i => new { title = $"Record {i:00000}", views = i }).ToArray();
            await (await Admin.PostJsonAsync($"/api/v1/collections/{name}/records/batch", new { records })).ExpectAsync(HttpStatusCode.Created);
        }

        var admin = await SignInAsync();
        using var response = await admin.Http.GetAsync($"/admin/collections/{name}/export.csv?sort=views", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Content.Headers.ContentLength); // written while it is read, not measured first
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal("id,title,views,tags,meta,day,created,updated", await reader.ReadLineAsync());
        var rows = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            Assert.Contains($",Record {rows:00000},{rows},", line);
            rows++;
        }

        Assert.Equal(Count, rows);
    }

    [Fact]
    public async Task DeleteSelected_TwoRecordsOneRefused_ConfirmsThenReportsEach()
    {
        var name = await ArticlesAsync("kept");
        var gone = (await Admin.CreateRecordAsync(name, new { title = "Delete me" })).Id();
        var kept = (await Admin.CreateRecordAsync(name, new { title = "keep me" })).Id();
        var other = (await Admin.CreateRecordAsync(name, new { title = "Not selected" })).Id();
        var admin = await SignInAsync();

        var list = await admin.GetPageAsync($"/admin/collections/{name}");
        Assert.Contains($"<input type=\"checkbox\" class=\"row-select\" name=\"id\" value=\"{gone}\" aria-label=\"Select {gone}\">", list);
        Assert.Contains($"<form id=\"bulk-delete\" method=\"get\" action=\"/admin/collections/{name}/delete-selected\"", list);

        var confirmUrl = $"/admin/collections/{name}/delete-selected?id={gone}&id={kept}&back=%3Fsort%3Dtitle";
        var confirm = await admin.GetPageAsync(confirmUrl);
        Assert.Contains($"<li><code>{gone}</code> — Delete me</li>", WebUtility.HtmlDecode(confirm));
        Assert.Contains($"<li><code>{kept}</code> — keep me</li>", WebUtility.HtmlDecode(confirm));
        Assert.DoesNotContain(other, confirm);
        Assert.Contains("Delete 2 records", confirm);
        Assert.Equal(3, await Admin.TotalAsync(name)); // asking deletes nothing

        var withoutToken = await admin.PostAsync(confirmUrl, new() { ["id"] = gone });
        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
        Assert.Equal(3, await Admin.TotalAsync(name));

        var done = await admin.SubmitAsync($"/admin/collections/{name}/delete-selected", new() { ["id"] = gone }, formPage: confirmUrl);
        var html = await done.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains("Deleted 1 record:", html);

        var both = await admin.Http.PostAsync($"/admin/collections/{name}/delete-selected", new FormUrlEncodedContent(
        [
            new("id", gone), new("id", kept), new("back", "?sort=title"), new("__RequestVerificationToken", AdminClient.FormToken(confirm)),
        ]));
        html = WebUtility.HtmlDecode(await both.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, both.StatusCode);
        Assert.Contains($"<li><code>{gone}</code>: Not found: it was deleted already.</li>", html);
        Assert.Contains($"<li><code>{kept}</code>: Rejected: {KeeperPlugin.Refusal}</li>", html);
        Assert.Contains($"href=\"/admin/collections/{name}?sort=title\"", html);
        Assert.Equal(2, await Admin.TotalAsync(name));
    }

    [Fact]
    public async Task DeleteSelected_NothingSelected_SaysSoAndDeletesNothing()
    {
        var name = await ArticlesAsync();
        await Admin.CreateRecordAsync(name, new { title = "Stays" });
        var admin = await SignInAsync();
        var html = await admin.GetPageAsync($"/admin/collections/{name}/delete-selected?id=not-an-id");
        Assert.Contains("No record is selected", html);
        Assert.DoesNotContain("Records to delete", html);
        var posted = await admin.SubmitAsync($"/admin/collections/{name}/delete-selected", [], formPage: $"/admin/collections/{name}/records/new");
        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        Assert.Contains("No record is selected", await posted.Content.ReadAsStringAsync());
        Assert.Equal(1, await Admin.TotalAsync(name));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/admin/collections/missing/delete-selected?id=abc")).StatusCode);
    }

    [Fact]
    public async Task ApiPanel_ListCommand_ReturnsTheRecordsThePageShowsAndRulesReadAsWords()
    {
        var name = RecordClient.NewName("notes");
        await Admin.CreateCollectionAsync(new
        {
            name,
            list_rule = "",
            view_rule = "@request.auth.id != \"\"",
            create_rule = "@request.auth.id != \"\" && author = @request.auth.id",
            update_rule = "author = @request.auth.id",
            schema = new object[] { new { name = "title", type = "text" }, new { name = "author", type = "text" }, new { name = "rank", type = "number" } },
        });
        for (var i = 0; i < 25; i++)
        {
            await Admin.CreateRecordAsync(name, new { title = i % 2 == 0 ? $"Spring {i}" : $"Winter {i}", rank = i });
        }

        var admin = await SignInAsync();
        var page = await admin.GetPageAsync($"/admin/collections/{name}?filter=spring&sort=-rank");
        var shown = RowIds().Matches(page).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(13, shown.Count);

        var list = WebUtility.HtmlDecode(CurlUrl().Match(page[page.IndexOf("id=\"api-list\"", StringComparison.Ordinal)..]).Groups[1].Value);
        Assert.StartsWith($"{Server.Factory.Server.BaseAddress.ToString().TrimEnd('/')}/api/v1/collections/{name}/records?filter=", list);
        var answer = JsonNode.Parse(await Anonymous().GetStringAsync(list))!;
        Assert.Equal(shown, answer["items"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));

        var rules = Regex.Matches(page[page.IndexOf("data-api-rules", StringComparison.Ordinal)..], "<li>([^<]*)</li>").Take(5).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value));
        Assert.Equal(
        [
            "anyone can list", "signed-in users can view", "create: signed-in users where author = @request.auth.id",
            "update: signed-in users where author = @request.auth.id", "only admins can delete",
        ], rules);
        Assert.Contains($"curl &#x27;{Server.Factory.Server.BaseAddress.ToString().TrimEnd('/')}/api/v1/collections/{name}/records/{shown[0]}&#x27;", page);
        Assert.Contains("-d &#x27;{&quot;data&quot;:{&quot;title&quot;:&quot;title&quot;,&quot;author&quot;:&quot;author&quot;,&quot;rank&quot;:0}}&#x27;", page);
    }

    [Fact]
    public async Task Export_WithoutSessionOrAsUser_IsRefused()
    {
        var name = await ArticlesAsync();
        var url = $"/admin/collections/{name}/export.csv";
        var anonymous = await AdminClient.Create(Server.Factory).GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Equal("/admin/login?returnUrl=" + Uri.EscapeDataString(url), anonymous.Headers.Location!.OriginalString);

        var (_, email, _, _) = await Server.NewUserAsync("User-pass-1234");
        var user = await AdminClient.SignInAsync(Server.Factory, email, "User-pass-1234");
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync(url)).StatusCode);
    }

    [GeneratedRegex("href=\"([^\"]+/export\\.csv[^\"]*)\" download")]
    private static partial Regex ExportLink();

    [GeneratedRegex("<td data-label=\"id\"><input[^>]*><a href=\"[^\"]+\"><code>([a-z0-9]{15})</code>")]
    private static partial Regex RowIds();

    [GeneratedRegex("curl &#x27;([^&]*(?:&amp;[^&]*)*?)&#x27;")]
    private static partial Regex CurlUrl();
}

public sealed class AdminListToolsTestsSqlite(SqliteServer<ListToolsSetup> server) : AdminListToolsTests(server), IClassFixture<SqliteServer<ListToolsSetup>>;

public sealed class AdminListToolsTestsPostgres(PostgresServer<ListToolsSetup> server) : AdminListToolsTests(server), IClassFixture<PostgresServer<ListToolsSetup>>;
