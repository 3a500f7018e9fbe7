using System.Net;
using FastCms.Tests.Infrastructure;
using static FastCms.Tests.Files.FileClient;
using static FastCms.Tests.Infrastructure.PluginFolders;

namespace FastCms.Tests.Files;

/// <summary>A real plugin using the files service and a before-hook that sees uploads (the documented example).</summary>
public abstract class PluginFilesTests(ServerFixture server) : ServerTests(server)
{
    private const string Collection = "photos";

    private async Task EnsureCollectionAsync()
    {
        if ((await Admin.GetAsync($"/api/v1/collections/{Collection}")).StatusCode == HttpStatusCode.NotFound
            && (await Admin.GetAsync("/api/v1/collections")).StatusCode == HttpStatusCode.OK)
        {
            await Admin.PostJsonAsync("/api/v1/collections", new
            {
                name = Collection,
                schema = new object[]
                {
                    new { name = "image", type = "file", options = new { mime_types = new[] { "image/*" } } },
                    new { name = "notes", type = "file", options = new { max_select = 5 } },
                },
                list_rule = "", view_rule = "", create_rule = "", update_rule = "", delete_rule = "",
            });
        }
    }

    [Fact]
    public async Task BeforeHook_ImageWiderThanTheSetting_IsRejectedAndNarrowOnesPass()
    {
        await EnsureCollectionAsync();

        var wide = await (await Admin.PostFormAsync(Collection, null, new Part("image", "wide.png", Png(300, 10)))).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var narrow = await Admin.PostFormAsync(Collection, null, new Part("image", "narrow.png", Png(100, 10)));

        Assert.Equal("wide.png is 300 pixels wide; at most 200 are allowed.", wide["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, narrow.StatusCode);
    }

    [Fact]
    public async Task FilesService_AttachReadDelete_WorkThroughTheRecord()
    {
        await EnsureCollectionAsync();
        var record = await (await Admin.PostFormAsync(Collection, null, new Part("image", "a.png", Png(10, 10)))).ExpectAsync(HttpStatusCode.Created);
        var id = record["id"]!.GetValue<string>();

        var attached = (await (await Anonymous().PostAsync($"/api/v1/plugins/files-demo/attach/{id}", null)).ExpectAsync(HttpStatusCode.OK))["name"]!.GetValue<string>();
        var read = await Anonymous().GetStringAsync($"/api/v1/plugins/files-demo/read/{id}/{attached}");
        var listed = await (await Admin.GetAsync($"/api/v1/collections/{Collection}/records/{id}")).ExpectAsync(HttpStatusCode.OK);
        var deleted = await Anonymous().DeleteAsync($"/api/v1/plugins/files-demo/{id}/{attached}");
        var after = await (await Admin.GetAsync($"/api/v1/collections/{Collection}/records/{id}")).ExpectAsync(HttpStatusCode.OK);

        Assert.StartsWith("notes_", attached);
        Assert.Equal("attached by a plugin (20 bytes, text/plain)", read);
        Assert.Equal([attached], Names(listed["data"]!["notes"]));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(Names(after["data"]!["notes"]));
    }
}

public sealed class PluginFilesSetup : IServerSetup
{
    public Task PrepareRootAsync(string root)
    {
        Write(root, "files_demo", "Plugin.cs", Plugin("files-demo", """
            ctx.OnRecordCreating("photos", change =>
            {
                var maxWidth = ctx.GetSetting("max_width", 200);
                foreach (var file in change.Files)
                {
                    if (file.Width > maxWidth)
                    {
                        change.Reject($"{file.OriginalName} is {file.Width} pixels wide; at most {maxWidth} are allowed.");
                    }
                }
            });
            var api = ctx.IncludeRouter("/files-demo");
            api.MapPost("/attach/{id}", async (string id, CancellationToken ct) =>
                new { name = await ctx.Files.AttachAsync("photos", id, "notes", "notes.txt", new System.IO.MemoryStream(System.Text.Encoding.UTF8.GetBytes("attached by a plugin")), ct) });
            api.MapGet("/read/{id}/{name}", async (string id, string name, CancellationToken ct) =>
            {
                var info = await ctx.Files.GetAsync("photos", id, name, ct);
                await using var stream = await ctx.Files.OpenReadAsync("photos", id, name, ct);
                using var reader = new System.IO.StreamReader(stream!);
                return $"{await reader.ReadToEndAsync(ct)} ({info!.Size} bytes, {info.ContentType})";
            });
            api.MapDelete("/{id}/{name}", async (string id, string name, CancellationToken ct) =>
                await ctx.Files.DeleteAsync("photos", id, name, ct) ? Results.NoContent() : Results.NotFound());
            """));
        return Task.CompletedTask;
    }
}

public sealed class PluginFilesTestsSqlite(SqliteServer<PluginFilesSetup> server) : PluginFilesTests(server), IClassFixture<SqliteServer<PluginFilesSetup>>;

public sealed class PluginFilesTestsPostgres(PostgresServer<PluginFilesSetup> server) : PluginFilesTests(server), IClassFixture<PostgresServer<PluginFilesSetup>>;
