using System.Net;
using FastCms.Plugins.Events;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.Records;
using static FastCms.Tests.Files.FileClient;

namespace FastCms.Tests.Files;

/// <summary>
/// Uploads through the record endpoints: single and multiple files, append, remove, replace, clear, and what is refused.
/// Only the API and <see cref="FastCms.Storage.IFileStorage"/> are looked at, so the tests hold for every storage backend.
/// </summary>
public abstract partial class FileUploadTests(ServerFixture server) : ServerTests(server)
{
    private async Task<(string Name, string Id)> PostsAsync(object? coverOptions = null, object? galleryOptions = null, string? createRule = "")
    {
        var name = RecordClient.NewName("posts");
        var collection = await Admin.CreateCollectionAsync(new
        {
            name,
            schema = new object[]
            {
                new { name = "title", type = "text" },
                new { name = "cover", type = "file", options = coverOptions ?? new { mime_types = new[] { "image/*" } } },
                new { name = "gallery", type = "file", options = galleryOptions ?? new { max_select = 5 } },
            },
            list_rule = "", view_rule = "", create_rule = createRule, update_rule = "", delete_rule = "",
        });
        return (name, collection.Id());
    }

    [Fact]
    public async Task Create_SingleFile_StoresItUnderASafeUniqueName()
    {
        var (name, collectionId) = await PostsAsync();
        var png = Png(40, 20);
        var record = await (await Admin.PostFormAsync(name, new { title = "hello" }, new Part("cover", "My Photo (1).PNG", png, "text/plain")))
            .ExpectAsync(HttpStatusCode.Created);

        var stored = record.Data()["cover"]!.GetValue<string>();
        Assert.Matches("^my_photo_1_[a-z0-9]{10}\\.png$", stored);
        Assert.Equal("hello", record.Data()["title"]!.GetValue<string>());
        var download = await Anonymous().GetAsync(FileUrl(name, record.Id(), stored));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("image/png", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal(png, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal([$"{collectionId}/{record.Id()}/{stored}"], await Server.KeysAsync($"{collectionId}/"));
    }

    [Fact]
    public async Task Create_SeveralFilesForAMultiField_ListsThemInOrder()
    {
        var (name, _) = await PostsAsync();
        var record = await (await Admin.PostFormAsync(name, null,
            new Part("gallery", "a.txt", "first"u8.ToArray()), new Part("gallery", "b.txt", "second"u8.ToArray()))).ExpectAsync(HttpStatusCode.Created);

        var names = Names(record.Data()["gallery"]);
        Assert.Equal(2, names.Length);
        Assert.StartsWith("a_", names[0]);
        Assert.StartsWith("b_", names[1]);
        Assert.Equal("second", await Anonymous().GetStringAsync(FileUrl(name, record.Id(), names[1])));
    }

    [Fact]
    public async Task Update_AppendAndRemove_ChangesTheListAndDeletesTheRemovedFile()
    {
        var (name, collectionId) = await PostsAsync();
        var record = await (await Admin.PostFormAsync(name, null,
            new Part("gallery", "a.txt", "a"u8.ToArray()), new Part("gallery", "b.txt", "b"u8.ToArray()))).ExpectAsync(HttpStatusCode.Created);
        var (a, b) = (Names(record.Data()["gallery"])[0], Names(record.Data()["gallery"])[1]);

        var updated = await (await Admin.PatchFormAsync(name, record.Id(), new Dictionary<string, object> { ["gallery-"] = new[] { a } },
            new Part("gallery+", "c.txt", "c"u8.ToArray()))).ExpectAsync(HttpStatusCode.OK);

        var names = Names(updated.Data()["gallery"]);
        Assert.Equal(b, names[0]);
        Assert.StartsWith("c_", names[1]);
        Assert.Equal(2, names.Length);
        Assert.Equal(HttpStatusCode.NotFound, (await Anonymous().GetAsync(FileUrl(name, record.Id(), a))).StatusCode);
        var keys = await Server.KeysAfterCleanupAsync($"{collectionId}/", expected: 2);
        Assert.Equal(new[] { b, names[1] }.Select(n => $"{collectionId}/{record.Id()}/{n}").Order(), keys.Order());
    }

    [Fact]
    public async Task Update_JsonRemoveModifier_RemovesWithoutMultipart()
    {
        var (name, collectionId) = await PostsAsync();
        var record = await (await Admin.PostFormAsync(name, null, new Part("gallery", "a.txt", "a"u8.ToArray()))).ExpectAsync(HttpStatusCode.Created);
        var a = Names(record.Data()["gallery"])[0];

        var updated = await (await Admin.PatchRecordAsync(name, record.Id(), new Dictionary<string, object> { ["gallery-"] = a })).ExpectAsync(HttpStatusCode.OK);

        Assert.Empty(updated.Data()["gallery"]!.AsArray());
        Assert.Empty(await Server.KeysAfterCleanupAsync($"{collectionId}/"));
    }

    [Fact]
    public async Task Update_ReplaceSingleFile_KeepsTheNewOneAndDeletesTheOld()
    {
        var (name, collectionId) = await PostsAsync();
        var record = await (await Admin.PostFormAsync(name, null, new Part("cover", "one.png", Png(10, 10)))).ExpectAsync(HttpStatusCode.Created);
        var old = record.Data()["cover"]!.GetValue<string>();

        var updated = await (await Admin.PatchFormAsync(name, record.Id(), null, new Part("cover", "two.png", Png(20, 20)))).ExpectAsync(HttpStatusCode.OK);

        var replacement = updated.Data()["cover"]!.GetValue<string>();
        Assert.StartsWith("two_", replacement);
        Assert.Equal([$"{collectionId}/{record.Id()}/{replacement}"], await Server.KeysAfterCleanupAsync($"{collectionId}/", expected: 1));
        Assert.Equal(HttpStatusCode.NotFound, (await Anonymous().GetAsync(FileUrl(name, record.Id(), old))).StatusCode);
    }

    [Fact]
    public async Task Update_ClearField_RemovesItsFiles()
    {
        var (name, collectionId) = await PostsAsync();
        var record = await (await Admin.PostFormAsync(name, null,
            new Part("cover", "one.png", Png(10, 10)), new Part("gallery", "a.txt", "a"u8.ToArray()))).ExpectAsync(HttpStatusCode.Created);

        var updated = await (await Admin.PatchRecordAsync(name, record.Id(), new { cover = (string?)null, gallery = Array.Empty<string>() })).ExpectAsync(HttpStatusCode.OK);

        Assert.Null(updated.Data()["cover"]);
        Assert.Empty(updated.Data()["gallery"]!.AsArray());
        Assert.Empty(await Server.KeysAfterCleanupAsync($"{collectionId}/"));
    }

    [Fact]
    public async Task Upload_LargerThanMaxSize_Answers413AndStoresNothing()
    {
        var (name, collectionId) = await PostsAsync(galleryOptions: new { max_select = 2, max_size = 1000 });

        var problem = await (await Admin.PostFormAsync(name, new { title = "big" }, new Part("gallery", "big.txt", new byte[5000]))).ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        Assert.Contains("larger than 1000 bytes", problem["detail"]!.GetValue<string>());
        Assert.Empty(await Server.KeysAsync($"{collectionId}/"));
        Assert.Equal(0, await Admin.TotalAsync(name));
    }

    [Fact]
    public async Task Upload_ExecutableRenamedPng_IsRefusedByItsContent()
    {
        var (name, collectionId) = await PostsAsync();

        var problem = await (await Admin.PostFormAsync(name, null, new Part("cover", "cat.png", Exe(), "image/png"))).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("application/x-msdownload", problem["errors"]!["cover"]![0]!.GetValue<string>());
        Assert.Empty(await Server.KeysAsync($"{collectionId}/"));
    }

    [Fact]
    public async Task Upload_HtmlWithoutAllowList_IsRefused()
    {
        var (name, _) = await PostsAsync();

        var problem = await (await Admin.PostFormAsync(name, null, new Part("gallery", "notes.txt", "<html><script>alert(1)</script></html>"u8.ToArray())))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("text/html", problem["errors"]!["gallery"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Upload_TraversalFileName_IsNeutralised()
    {
        var (name, collectionId) = await PostsAsync();

        var record = await (await Admin.PostFormAsync(name, null, new Part("gallery", "../../../etc/passwd", "x"u8.ToArray()))).ExpectAsync(HttpStatusCode.Created);

        var stored = Names(record.Data()["gallery"])[0];
        Assert.Matches("^passwd_[a-z0-9]{10}\\.txt$", stored);
        Assert.Equal([$"{collectionId}/{record.Id()}/{stored}"], await Server.KeysAsync($"{collectionId}/"));
    }

    [Fact]
    public async Task Upload_BadParts_AnswerProblemsThatSayWhatWasWrong()
    {
        var (name, _) = await PostsAsync(galleryOptions: new { max_select = 2 });

        var unknown = await (await Admin.PostFormAsync(name, null, new Part("nope", "a.txt", "a"u8.ToArray()))).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var notFile = await (await Admin.PostFormAsync(name, null, new Part("title", "a.txt", "a"u8.ToArray()))).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var tooMany = await (await Admin.PostFormAsync(name, null,
            new Part("gallery", "a.txt", "a"u8.ToArray()), new Part("gallery", "b.txt", "b"u8.ToArray()), new Part("gallery", "c.txt", "c"u8.ToArray())))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        var form = new MultipartFormDataContent { { new StringContent("x"), "other" } };
        var stray = await (await Admin.PostAsync($"/api/v1/collections/{name}/records", form)).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var badJson = await (await Admin.PostAsync($"/api/v1/collections/{name}/records", new MultipartFormDataContent { { new StringContent("{nope"), "data" } }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        var foreignName = await (await Admin.PostRecordAsync(name, new { gallery = new[] { "someone_else_0123456789.png" } })).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("'nope' is not a file field", unknown["detail"]!.GetValue<string>());
        Assert.Contains("'title' is not a file field", notFile["detail"]!.GetValue<string>());
        Assert.Contains("At most 2", tooMany["errors"]!["gallery"]![0]!.GetValue<string>());
        Assert.Contains("Unknown part 'other'", stray["detail"]!.GetValue<string>());
        Assert.Contains("not valid JSON", badJson["detail"]!.GetValue<string>());
        Assert.Contains("is not a file of this record", foreignName["errors"]!["gallery"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Write_WithoutOrWithAnotherContentType_AnswersAProblem()
    {
        var (name, _) = await PostsAsync();
        var record = await Admin.CreateRecordAsync(name, new { title = "x" });

        foreach (var (method, url) in new[] { (HttpMethod.Post, $"/api/v1/collections/{name}/records"), (HttpMethod.Patch, $"/api/v1/collections/{name}/records/{record.Id()}") })
        {
            var bare = await Admin.SendAsync(new HttpRequestMessage(method, url));
            var text = await Admin.SendAsync(new HttpRequestMessage(method, url) { Content = new StringContent("hello") });

            Assert.InRange((int)bare.StatusCode, 400, 499);
            Assert.Equal("application/problem+json", bare.Content.Headers.ContentType?.MediaType);
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        }
    }

    [Fact]
    public async Task Create_RejectedByBeforeHook_StoresNothing()
    {
        var (name, collectionId) = await PostsAsync();
        var seen = new List<RecordFileUpload>();
        new HookProbe(Server).Before(RecordOperation.Create, name, (change, _) =>
        {
            seen.AddRange(change.Files);
            change.Reject("No uploads today.");
            return ValueTask.CompletedTask;
        });

        var problem = await (await Admin.PostFormAsync(name, null, new Part("cover", "a.png", Png(30, 12)))).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal("No uploads today.", problem["detail"]!.GetValue<string>());
        var file = Assert.Single(seen);
        Assert.Equal(("cover", "a.png", "image/png", 30, 12), (file.Field, file.OriginalName, file.ContentType, file.Width!.Value, file.Height!.Value));
        Assert.True(file.Size > 0);
        Assert.Empty(await Server.KeysAsync($"{collectionId}/"));
        Assert.Equal(0, await Admin.TotalAsync(name));
    }

    [Fact]
    public async Task Create_RolledBackByCreateRule_StoresNothing()
    {
        var (name, collectionId) = await PostsAsync(createRule: "title = \"ok\"");
        var user = await Server.NewUserAsync();

        await (await user.Client.PostFormAsync(name, new { title = "not ok" }, new Part("cover", "a.png", Png(8, 8)))).ExpectProblemAsync(HttpStatusCode.Forbidden);

        Assert.Empty(await Server.KeysAsync($"{collectionId}/"));
    }

    [Fact]
    public async Task Delete_Record_RemovesItsFilesAndThumbnailsAfterCommit()
    {
        var (name, collectionId) = await PostsAsync(new { thumbs = new[] { "10x10" } });
        var record = await (await Admin.PostFormAsync(name, null, new Part("cover", "a.png", Png(30, 30)), new Part("gallery", "a.txt", "a"u8.ToArray())))
            .ExpectAsync(HttpStatusCode.Created);
        var thumb = await Anonymous().GetAsync(FileUrl(name, record.Id(), record.Data()["cover"]!.GetValue<string>(), "thumb=10x10"));
        Assert.Equal(HttpStatusCode.OK, thumb.StatusCode);
        Assert.Equal(3, (await Server.KeysAsync($"{collectionId}/")).Count);

        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/api/v1/collections/{name}/records/{record.Id()}")).StatusCode);

        Assert.Empty(await Server.KeysAfterCleanupAsync($"{collectionId}/"));
    }
}

public sealed class FileUploadTestsSqlite(SqliteServer<FilesSetup> server) : FileUploadTests(server), IClassFixture<SqliteServer<FilesSetup>>;

public sealed class FileUploadTestsPostgres(PostgresServer<FilesSetup> server) : FileUploadTests(server), IClassFixture<PostgresServer<FilesSetup>>;
