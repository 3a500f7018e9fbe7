using System.Net;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.Records;
using SkiaSharp;
using static FastCms.Tests.Files.FileClient;

namespace FastCms.Tests.Files;

/// <summary>Thumbnails: every size form, only listed sizes, cached in storage, and damaged images.</summary>
public abstract class ThumbnailTests(ServerFixture server) : ServerTests(server)
{
    private static readonly string[] Sizes = ["100x100", "100x100t", "100x100b", "100x50f", "0x50", "50x0"];

    private async Task<(string Collection, string CollectionId, string Id, string File)> ImageAsync(byte[] image, string fileName = "photo.png")
    {
        var name = RecordClient.NewName("pics");
        var collection = await Admin.CreateCollectionAsync(new
        {
            name,
            schema = new object[] { new { name = "image", type = "file", options = new { mime_types = new[] { "image/*" }, thumbs = Sizes } } },
            list_rule = "", view_rule = "", create_rule = "", update_rule = "", delete_rule = "",
        });
        var record = await (await Admin.PostFormAsync(name, null, new Part("image", fileName, image))).ExpectAsync(HttpStatusCode.Created);
        return (name, collection.Id(), record.Id(), record.Data()["image"]!.GetValue<string>());
    }

    private async Task<SKBitmap> ThumbAsync(string collection, string id, string file, string size)
    {
        var response = await Anonymous().GetAsync(FileUrl(collection, id, file, "thumb=" + size));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Decode(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Thumb_EverySizeForm_HasTheExpectedDimensionsAndCrop()
    {
        var (collection, _, id, file) = await ImageAsync(Png(200, 400));

        using var center = await ThumbAsync(collection, id, file, "100x100");
        using var top = await ThumbAsync(collection, id, file, "100x100t");
        using var bottom = await ThumbAsync(collection, id, file, "100x100b");
        using var fit = await ThumbAsync(collection, id, file, "100x50f");
        using var byHeight = await ThumbAsync(collection, id, file, "0x50");
        using var byWidth = await ThumbAsync(collection, id, file, "50x0");

        Assert.Equal((100, 100), (center.Width, center.Height));
        Assert.Equal((100, 100), (top.Width, top.Height));
        Assert.Equal((100, 100), (bottom.Width, bottom.Height));
        Assert.Equal((25, 50), (fit.Width, fit.Height));
        Assert.Equal((25, 50), (byHeight.Width, byHeight.Height));
        Assert.Equal((50, 100), (byWidth.Width, byWidth.Height));
        Assert.Equal(SKColors.Red, top.GetPixel(50, 90));
        Assert.Equal(SKColors.Blue, bottom.GetPixel(50, 10));
        Assert.Equal(SKColors.Red, center.GetPixel(50, 10));
        Assert.Equal(SKColors.Blue, center.GetPixel(50, 90));
    }

    [Fact]
    public async Task Thumb_UnlistedSize_ServesTheOriginal()
    {
        var image = Png(60, 30);
        var (collection, _, id, file) = await ImageAsync(image);

        var response = await Anonymous().GetAsync(FileUrl(collection, id, file, "thumb=20x20"));

        Assert.Equal(image, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Thumb_MalformedSize_AnswersAProblem()
    {
        var (collection, _, id, file) = await ImageAsync(Png(10, 10));

        var problem = await (await Anonymous().GetAsync(FileUrl(collection, id, file, "thumb=huge"))).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("WxH", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Thumb_SecondRequest_IsServedFromTheStoredThumbnail()
    {
        var (collection, collectionId, id, file) = await ImageAsync(Png(80, 80));

        var first = await Anonymous().GetAsync(FileUrl(collection, id, file, "thumb=50x0"));
        var keys = await Server.KeysAsync($"{collectionId}/{id}/thumbs/");
        var second = await Anonymous().GetAsync(FileUrl(collection, id, file, "thumb=50x0"));

        Assert.Equal([$"{collectionId}/{id}/thumbs/{file}/50x0.png"], keys);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await second.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Thumb_DamagedImage_ServesTheOriginalAndTheServerKeepsWorking()
    {
        byte[] damaged = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Enumerable.Range(0, 2000).Select(i => (byte)(i * 7))];
        var (collection, _, id, file) = await ImageAsync(damaged, "broken.png");

        var response = await Anonymous().GetAsync(FileUrl(collection, id, file, "thumb=100x100"));
        var truncated = Png(300, 300)[..200];
        var (collection2, _, id2, file2) = await ImageAsync(truncated, "cut.png");
        var cut = await Anonymous().GetAsync(FileUrl(collection2, id2, file2, "thumb=100x100"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(damaged, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, cut.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Anonymous().GetAsync("/health")).StatusCode);
    }
}

public sealed class ThumbnailTestsSqlite(SqliteServer<FilesSetup> server) : ThumbnailTests(server), IClassFixture<SqliteServer<FilesSetup>>;

public sealed class ThumbnailTestsPostgres(PostgresServer<FilesSetup> server) : ThumbnailTests(server), IClassFixture<PostgresServer<FilesSetup>>;
