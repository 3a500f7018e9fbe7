using System.Net;
using System.Net.Http.Headers;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.Records;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using static FastCms.Tests.Files.FileClient;

namespace FastCms.Tests.Files;

/// <summary>Downloads: caching and range headers, the view rule, protected files and file tokens, safe dispositions.</summary>
public abstract class FileDownloadTests(ServerFixture server) : ServerTests(server)
{
    private async Task<(string Collection, string Id, string File)> UploadAsync(
        byte[] content, string fileName, object? options = null, string viewRule = "", HttpClient? client = null, object? data = null)
    {
        var name = RecordClient.NewName("docs");
        await Admin.CreateCollectionAsync(new
        {
            name,
            schema = new object[]
            {
                new { name = "owner", type = "relation", options = new { collection = "users" } },
                new { name = "doc", type = "file", options = options ?? new { } },
            },
            list_rule = viewRule, view_rule = viewRule, create_rule = "", update_rule = "", delete_rule = "",
        });
        var record = await (await (client ?? Admin).PostFormAsync(name, data, new Part("doc", fileName, content))).ExpectAsync(HttpStatusCode.Created);
        return (name, record.Id(), record.Data()["doc"]!.GetValue<string>());
    }

    [Fact]
    public async Task Download_Twice_AnswersNotModifiedForTheSameETag()
    {
        var (collection, id, file) = await UploadAsync("hello"u8.ToArray(), "a.txt");

        var first = await Anonymous().GetAsync(FileUrl(collection, id, file));
        var request = new HttpRequestMessage(HttpMethod.Get, FileUrl(collection, id, file));
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var second = await Anonymous().SendAsync(request);
        var since = new HttpRequestMessage(HttpMethod.Get, FileUrl(collection, id, file));
        since.Headers.IfModifiedSince = first.Content.Headers.LastModified;
        var third = await Anonymous().SendAsync(since);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.NotNull(first.Content.Headers.LastModified);
        Assert.Contains("max-age", first.Headers.CacheControl!.ToString());
        Assert.Equal("nosniff", first.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("inline", first.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, third.StatusCode);
    }

    [Fact]
    public async Task Download_Range_AnswersThePartOrA416()
    {
        var (collection, id, file) = await UploadAsync("0123456789"u8.ToArray(), "digits.txt");

        var part = new HttpRequestMessage(HttpMethod.Get, FileUrl(collection, id, file)) { Headers = { Range = new RangeHeaderValue(2, 5) } };
        var partial = await Anonymous().SendAsync(part);
        var suffix = new HttpRequestMessage(HttpMethod.Get, FileUrl(collection, id, file)) { Headers = { Range = new RangeHeaderValue(null, 3) } };
        var tail = await Anonymous().SendAsync(suffix);
        var outside = new HttpRequestMessage(HttpMethod.Get, FileUrl(collection, id, file)) { Headers = { Range = new RangeHeaderValue(50, 60) } };
        var refused = await Anonymous().SendAsync(outside);

        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal("2345", await partial.Content.ReadAsStringAsync());
        Assert.Equal("bytes 2-5/10", partial.Content.Headers.ContentRange!.ToString());
        Assert.Equal("789", await tail.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, refused.StatusCode);
    }

    [Fact]
    public async Task Download_DownloadFlag_AsksForAnAttachment()
    {
        var (collection, id, file) = await UploadAsync(Png(4, 4), "a.png");

        var response = await Anonymous().GetAsync(FileUrl(collection, id, file, "download=1"));

        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(file, response.Content.Headers.ContentDisposition.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
    }

    [Fact]
    public async Task Download_AllowedSvg_IsNeverServedInline()
    {
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"u8.ToArray();
        var (collection, id, file) = await UploadAsync(svg, "logo.svg", new { mime_types = new[] { "image/svg+xml" } });

        var response = await Anonymous().GetAsync(FileUrl(collection, id, file));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.StartsWith("sandbox;", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Download_ViewRule_AppliesToTheFile()
    {
        var owner = await Server.NewUserAsync();
        var other = await Server.NewUserAsync();
        var (collection, id, file) = await UploadAsync("secret"u8.ToArray(), "s.txt", viewRule: "owner = @request.auth.id", data: new { owner = owner.Id });

        Assert.Equal(HttpStatusCode.NotFound, (await Anonymous().GetAsync(FileUrl(collection, id, file))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync(FileUrl(collection, id, file))).StatusCode);
        Assert.Equal("secret", await owner.Client.GetStringAsync(FileUrl(collection, id, file)));
        Assert.Contains("private", (await owner.Client.GetAsync(FileUrl(collection, id, file))).Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task Download_ProtectedFile_NeedsAValidUnexpiredToken()
    {
        var owner = await Server.NewUserAsync();
        var other = await Server.NewUserAsync();
        var (collection, id, file) = await UploadAsync(
            "private"u8.ToArray(), "p.txt", new { @protected = true }, viewRule: "owner = @request.auth.id", data: new { owner = owner.Id });
        var ownerToken = (await (await owner.Client.PostAsync("/api/v1/files/token", null)).ExpectAsync(HttpStatusCode.OK))["token"]!.GetValue<string>();
        var otherToken = (await (await other.Client.PostAsync("/api/v1/files/token", null)).ExpectAsync(HttpStatusCode.OK))["token"]!.GetValue<string>();
        var expired = Server.Factory.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("FastCms.Files.Token").ToTimeLimitedDataProtector()
            .Protect($"{{\"UserId\":\"{owner.Id}\",\"Role\":\"user\",\"Email\":null}}", DateTimeOffset.UtcNow.AddMinutes(-1));

        var withoutToken = await owner.Client.GetAsync(FileUrl(collection, id, file));
        var withToken = await Anonymous().GetAsync(FileUrl(collection, id, file, "token=" + Uri.EscapeDataString(ownerToken)));
        var othersToken = await Anonymous().GetAsync(FileUrl(collection, id, file, "token=" + Uri.EscapeDataString(otherToken)));
        var forged = await Anonymous().GetAsync(FileUrl(collection, id, file, "token=not-a-token"));
        var old = await Anonymous().GetAsync(FileUrl(collection, id, file, "token=" + Uri.EscapeDataString(expired)));
        var anonymousToken = await Anonymous().PostAsync("/api/v1/files/token", null);

        Assert.Contains("protected", (await withoutToken.ExpectProblemAsync(HttpStatusCode.Unauthorized))["detail"]!.GetValue<string>());
        Assert.Equal("private", await withToken.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, othersToken.StatusCode);
        Assert.Contains("expired", (await forged.ExpectProblemAsync(HttpStatusCode.Unauthorized))["detail"]!.GetValue<string>());
        await old.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await anonymousToken.ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Download_AfterTheRuleOrTheRecordChanges_AnswersFromTheNewStateAtOnce()
    {
        var (collection, id, file) = await UploadAsync("shared"u8.ToArray(), "s.txt");
        var (otherCollection, otherId, otherFile) = await UploadAsync("kept"u8.ToArray(), "k.txt");
        var url = FileUrl(collection, id, file);
        Assert.Equal("shared", await Anonymous().GetStringAsync(url));
        Assert.Equal("shared", await Admin.GetStringAsync(url));

        await (await Admin.PatchJsonAsync($"/api/v1/collections/{collection}", new { view_rule = "owner != ''" })).ExpectAsync(HttpStatusCode.OK);
        var afterRule = await Anonymous().GetAsync(url);
        var adminAfterRule = await Admin.GetStringAsync(url);
        await (await Admin.PatchJsonAsync($"/api/v1/collections/{collection}", new { view_rule = "" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("shared", await Anonymous().GetStringAsync(url));
        await (await Admin.DeleteAsync($"/api/v1/collections/{collection}/records/{id}")).ExpectAsync(HttpStatusCode.NoContent);
        var afterDelete = await Anonymous().GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, afterRule.StatusCode);
        Assert.Equal("shared", adminAfterRule);
        Assert.Equal(HttpStatusCode.NotFound, afterDelete.StatusCode);
        Assert.Equal("kept", await Anonymous().GetStringAsync(FileUrl(otherCollection, otherId, otherFile)));
    }

    [Fact]
    public async Task Download_UnknownFileOrRecord_Answers404()
    {
        var (collection, id, file) = await UploadAsync("x"u8.ToArray(), "x.txt");

        Assert.Equal(HttpStatusCode.NotFound, (await Anonymous().GetAsync(FileUrl(collection, id, "other_0123456789.txt"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Anonymous().GetAsync(FileUrl(collection, "aaaaaaaaaaaaaaa", file))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Anonymous().GetAsync(FileUrl("nope", id, file))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Anonymous().GetAsync($"/api/v1/files/{collection}/{id}/..%2F..%2Fetc%2Fpasswd")).StatusCode);
    }
}

public sealed class FileDownloadTestsSqlite(SqliteServer<FilesSetup> server) : FileDownloadTests(server), IClassFixture<SqliteServer<FilesSetup>>;

public sealed class FileDownloadTestsPostgres(PostgresServer<FilesSetup> server) : FileDownloadTests(server), IClassFixture<PostgresServer<FilesSetup>>;
