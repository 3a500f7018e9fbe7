using System.Net;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.Records;
using static FastCms.Tests.Files.FileClient;

namespace FastCms.Tests.Files;

/// <summary>File fields in the schema: their options are validated, and removing a field or a collection removes its files.</summary>
public abstract partial class FileUploadTests
{
    [Fact]
    public async Task Schema_RemoveFileFieldOrCollection_DeletesTheirFiles()
    {
        var (name, collectionId) = await PostsAsync();
        var record = await (await Admin.PostFormAsync(name, null, new Part("cover", "a.png", Png(5, 5)), new Part("gallery", "a.txt", "a"u8.ToArray())))
            .ExpectAsync(HttpStatusCode.Created);
        var cover = record.Data()["cover"]!.GetValue<string>();

        await (await Admin.PatchJsonAsync($"/api/v1/collections/{collectionId}", new
        {
            schema = new object[] { new { name = "title", type = "text" }, new { name = "cover", type = "file", options = new { mime_types = new[] { "image/*" } } } },
        })).ExpectAsync(HttpStatusCode.OK);
        var afterFieldRemoval = await Server.KeysAfterCleanupAsync($"{collectionId}/", expected: 1);
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/api/v1/collections/{collectionId}")).StatusCode);

        Assert.Equal([$"{collectionId}/{record.Id()}/{cover}"], afterFieldRemoval);
        Assert.Empty(await Server.KeysAfterCleanupAsync($"{collectionId}/"));
    }

    [Fact]
    public async Task Schema_FileFieldOptions_AreValidatedAndEchoed()
    {
        var name = RecordClient.NewName("bad");
        var bad = await (await Admin.PostJsonAsync("/api/v1/collections", new
        {
            name,
            schema = new object[] { new { name = "f", type = "file", options = new { max_select = 0, max_size = -1, mime_types = new[] { "png" }, thumbs = new[] { "big" } } } },
        })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var (_, goodId) = await PostsAsync(new { max_select = 1, max_size = 2048, mime_types = new[] { "image/png" }, thumbs = new[] { "100x100", "0x50" }, @protected = true });
        var echoed = await (await Admin.GetAsync($"/api/v1/collections/{goodId}")).ExpectAsync(HttpStatusCode.OK);

        foreach (var key in new[] { "max_select", "max_size", "mime_types", "thumbs" })
        {
            Assert.True(bad["errors"]!.AsObject().ContainsKey($"schema[0].options.{key}"), key);
        }

        var cover = echoed["schema"]!.AsArray().Single(f => f!["name"]!.GetValue<string>() == "cover")!["options"]!;
        Assert.Equal(2048, cover["max_size"]!.GetValue<long>());
        Assert.True(cover["protected"]!.GetValue<bool>());
        Assert.Equal(["100x100", "0x50"], cover["thumbs"]!.AsArray().Select(t => t!.GetValue<string>()));
    }
}
