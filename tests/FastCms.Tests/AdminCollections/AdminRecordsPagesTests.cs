using System.Net;
using System.Text.RegularExpressions;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.Records;

namespace FastCms.Tests.AdminCollections;

public abstract partial class AdminRecordsPagesTests(ServerFixture server) : ServerTests(server)
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
                new { name = "title", type = "text", validation = new { required = true } },
                new { name = "views", type = "number", validation = new { min = 0 } },
                new { name = "published", type = "bool" },
                new { name = "tags", type = "select", options = new { values = new[] { "news", "tech", "fun" }, max_select = 3 } },
                new { name = "meta", type = "json" },
                new { name = "day", type = "date" },
                new { name = "secret", type = "text", hidden = true },
            },
        });
        return name;
    }

    [Fact]
    public async Task Browser_PagesOf20_FilterAndSortByColumn()
    {
        var name = await ArticlesAsync();
        for (var i = 1; i <= 25; i++)
        {
            await Admin.CreateRecordAsync(name, new { title = $"Article {i:00}", views = i, published = i % 2 == 0 });
        }

        var admin = await SignInAsync();
        var first = await admin.GetPageAsync($"/admin/collections/{name}");
        Assert.Equal(20, RowCount(first));
        Assert.Contains("20 of 25 records; hidden fields are not shown", first);
        Assert.Contains($"href=\"/admin/collections/{name}?page=2\" rel=\"next\"", first);
        Assert.Equal(5, RowCount(await admin.GetPageAsync($"/admin/collections/{name}?page=2")));

        var filtered = await admin.GetPageAsync($"/admin/collections/{name}?filter={Uri.EscapeDataString("views > 20 && published = true")}");
        Assert.Equal(["Article 22", "Article 24"], Titles(filtered));

        var sorted = await admin.GetPageAsync($"/admin/collections/{name}?sort=-views");
        Assert.Equal("Article 25", Titles(sorted)[0]);
        Assert.Matches("<th scope=\"col\" aria-sort=\"descending\"><a href=\"/admin/collections/[a-z0-9]+\\?sort=views\">views", sorted);
        Assert.Matches("<th scope=\"col\" aria-sort=\"none\"><a href=\"/admin/collections/[a-z0-9]+\\?sort=title\">title", sorted);
    }

    [Fact]
    public async Task Browser_InvalidFilter_ShowsTheErrorAtTheFilterBox()
    {
        var name = await ArticlesAsync();
        var response = await (await SignInAsync()).GetAsync($"/admin/collections/{name}?filter={Uri.EscapeDataString("views >")}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Matches("<p class=\"field-error\" id=\"filter-error\" role=\"alert\">.*position", html);
        Assert.Contains("aria-describedby=\"filter-hint filter-error\" aria-invalid=\"true\"", html);
        Assert.Contains("value=\"views &gt;\"", html);
    }

    [Fact]
    public async Task RecordForm_CreateWithEveryInputType_StoresTheValues()
    {
        var name = await ArticlesAsync();
        var admin = await SignInAsync();
        var form = await admin.GetPageAsync($"/admin/collections/{name}/records/new");
        Assert.Contains("<label for=\"record-title\">title</label>", form);
        Assert.Contains("<legend>tags</legend>", form);
        Assert.Contains("id=\"record-day\" name=\"data.day\" type=\"date\"", form);
        Assert.Contains("id=\"record-secret\" name=\"data.secret\" type=\"password\"", form);

        var response = await admin.SubmitAsync($"/admin/collections/{name}/records/new", new()
        {
            ["data.title"] = "Hello", ["data.views"] = "12.5", ["data.published"] = "true", ["data.tags"] = "news",
            ["data.meta"] = """{"a": [1, 2]}""", ["data.day"] = "2024-05-31", ["data.secret"] = "s3cret",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var id = RecordPath().Match(response.Headers.Location!.OriginalString).Groups[1].Value;
        var record = await (await Admin.GetAsync($"/api/v1/collections/{name}/records/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("""{"title":"Hello","views":12.5,"published":true,"tags":["news"],"meta":{"a":[1,2]},"day":"2024-05-31"}""", record.Data().ToJsonString());
        Assert.Equal(1, (await Admin.ListAsync(name, "filter=" + Uri.EscapeDataString("secret = \"s3cret\"")))["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task RecordForm_InvalidValues_ShowFieldErrorsKeepInputAndWriteNothing()
    {
        var name = await ArticlesAsync();
        var response = await (await SignInAsync()).SubmitAsync($"/admin/collections/{name}/records/new", new()
        {
            ["data.title"] = "", ["data.views"] = "-3", ["data.meta"] = "{broken", ["data.day"] = "2024-05-31",
        });
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Matches("<p class=\"field-error\" id=\"record-meta-error\">.*Not valid JSON", html);
        Assert.Equal(0, await Admin.TotalAsync(name));

        response = await (await SignInAsync()).SubmitAsync($"/admin/collections/{name}/records/new", new() { ["data.title"] = "", ["data.views"] = "-3", ["data.day"] = "31.05.2024" });
        html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Matches("<p class=\"field-error\" id=\"record-title-error\">.*This field is required.", html);
        Assert.Matches("<p class=\"field-error\" id=\"record-views-error\">.*Must be at least 0.", html);
        Assert.Matches("<p class=\"field-error\" id=\"record-day-error\">.*Must be a date", html);
        Assert.Contains("id=\"record-views\" name=\"data.views\" type=\"number\" value=\"-3\"", html);
        Assert.Equal(0, await Admin.TotalAsync(name));
    }

    [Fact]
    public async Task RecordForm_JsonWithLoneSurrogate_ShowsFieldErrorAndWritesNothing()
    {
        var name = await ArticlesAsync();
        var admin = await SignInAsync();

        var response = await admin.SubmitAsync($"/admin/collections/{name}/records/new", new() { ["data.title"] = "t", ["data.meta"] = """{"a": ["\ud800"]}""" });
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Matches("<p class=\"field-error\" id=\"record-meta-error\">.*valid Unicode", html);
        Assert.Equal(0, await Admin.TotalAsync(name));

        var id = (await Admin.CreateRecordAsync(name, new { title = "kept" })).Id();
        response = await admin.SubmitAsync($"/admin/collections/{name}/records/{id}", new() { ["data.title"] = "t", ["data.meta"] = """{"\udc00": 1}""" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Matches("<p class=\"field-error\" id=\"record-meta-error\">.*valid Unicode", await response.Content.ReadAsStringAsync());
        var record = await (await Admin.GetAsync($"/api/v1/collections/{name}/records/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("kept", record.Data()["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task RecordForm_InvalidUtf8Bytes_AreReplacedNotAnError()
    {
        var name = await ArticlesAsync();
        var admin = await SignInAsync();
        var token = AdminClient.FormToken(await admin.GetPageAsync($"/admin/collections/{name}/records/new"));
        byte[] body =
        [
            .. "data.title=a"u8, 0xC3, 0x28, .. "&data.meta=%7B%22a%22%3A%22"u8, 0xC3, 0x28, .. "%22%7D&__RequestVerificationToken="u8,
            .. System.Text.Encoding.ASCII.GetBytes(Uri.EscapeDataString(token)),
        ];
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");

        var response = await admin.Http.PostAsync($"/admin/collections/{name}/records/new", content);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = (await Admin.ListAsync(name))["items"]![0]!.Data();
        Assert.Equal("a\uFFFD(", stored["title"]!.GetValue<string>());
        Assert.Equal("\uFFFD(", stored["meta"]!["a"]!.GetValue<string>());
    }

    [Fact]
    public async Task RecordForm_EditThenDelete_ChangesTheRecordAndKeepsTheHiddenValue()
    {
        var name = await ArticlesAsync();
        var id = (await Admin.CreateRecordAsync(name, new { title = "Before", views = 1, tags = new[] { "fun" }, secret = "k33p-hidden" })).Id();
        var admin = await SignInAsync();
        var page = await admin.GetPageAsync($"/admin/collections/{name}/records/{id}");
        Assert.Contains("value=\"Before\"", page);
        Assert.Matches("id=\"record-tags-2\" name=\"data.tags\" type=\"checkbox\" value=\"fun\" checked=\"checked\"", page);
        Assert.DoesNotContain("k33p-hidden", page);

        var saved = await admin.SubmitAsync($"/admin/collections/{name}/records/{id}", new()
        {
            ["data.title"] = "After", ["data.views"] = "2", ["data.tags"] = "tech", ["data.secret"] = "", ["data.meta"] = "", ["data.day"] = "",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var record = await (await Admin.GetAsync($"/api/v1/collections/{name}/records/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("After", record.Data()["title"]!.GetValue<string>());
        Assert.Equal("""["tech"]""", record.Data()["tags"]!.ToJsonString());
        Assert.Equal(1, (await Admin.ListAsync(name, "filter=" + Uri.EscapeDataString("secret = \"k33p-hidden\"")))["total"]!.GetValue<long>());

        Assert.Contains($"Delete the record <code>{id}</code>", await admin.GetPageAsync($"/admin/collections/{name}/records/{id}/delete"));
        var deleted = await admin.SubmitAsync($"/admin/collections/{name}/records/{id}/delete", []);
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync($"/api/v1/collections/{name}/records/{id}")).StatusCode);
        await admin.GetPageAsync($"/admin/collections/{name}/records/{id}", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task RecordPages_TextInAnyScript_WrittenAsItselfAndMarkupStillEscaped()
    {
        var name = await ArticlesAsync();
        const string title = "Grüße aus 東京 — ½ <b>bold</b> & \"quoted\"";
        var id = (await Admin.CreateRecordAsync(name, new { title })).Id();
        var admin = await SignInAsync();

        var list = await admin.GetPageAsync($"/admin/collections/{name}");
        Assert.Contains("Grüße aus 東京 — ½ &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;", list);
        var form = await admin.GetPageAsync($"/admin/collections/{name}/records/{id}");
        Assert.Contains("value=\"Grüße aus 東京 — ½ &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;\"", form);
        Assert.DoesNotContain("<b>bold", form);
    }

    [Fact]
    public async Task RecordForm_BeforeHookRejects_ShowsItsMessage()
    {
        var name = await ArticlesAsync("guarded");
        var response = await (await SignInAsync()).SubmitAsync($"/admin/collections/{name}/records/new", new() { ["data.title"] = "forbidden" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Rejected: Titles may not be &#x27;forbidden&#x27;.", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await Admin.TotalAsync(name));
    }

    [Fact]
    public async Task RecordPages_UnknownCollectionOrRecord_Are404()
    {
        var name = await ArticlesAsync();
        var admin = await SignInAsync();
        await admin.GetPageAsync("/admin/collections/nosuchcollection", HttpStatusCode.NotFound);
        await admin.GetPageAsync($"/admin/collections/{name}/records/aaaaaaaaaaaaaaa", HttpStatusCode.NotFound);
        await admin.GetPageAsync("/admin/collections/users", HttpStatusCode.NotFound);
    }

    private static int RowCount(string html) => Regex.Matches(html, "<td data-label=\"id\">").Count;

    private static List<string> Titles(string html) =>
        [.. Regex.Matches(html, "<td data-label=\"title\">([^<]*)</td>").Select(m => m.Groups[1].Value.Trim())];

    [GeneratedRegex("/records/([a-z0-9]{15})$")]
    private static partial Regex RecordPath();
}

public sealed class AdminRecordsPagesTestsSqlite(SqliteServer<AdminCollectionsSetup> server) : AdminRecordsPagesTests(server), IClassFixture<SqliteServer<AdminCollectionsSetup>>;

public sealed class AdminRecordsPagesTestsPostgres(PostgresServer<AdminCollectionsSetup> server) : AdminRecordsPagesTests(server), IClassFixture<PostgresServer<AdminCollectionsSetup>>;
