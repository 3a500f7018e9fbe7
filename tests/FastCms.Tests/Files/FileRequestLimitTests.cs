using System.Net;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.Records;
using static FastCms.Tests.Files.FileClient;

namespace FastCms.Tests.Files;

/// <summary>A server on a real socket (Kestrel enforces the request size limit) with small file and request limits.</summary>
public sealed class FileRequestLimitSetup : IServerSetup
{
    public bool OnSocket => true;

    public IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("FastCms:Files:MaxFileSize", "2000"),
        new("FastCms:Files:MaxRequestSize", "3000"),
    ];
}

/// <summary><c>FastCms:Files:MaxRequestSize</c>: a multipart record request past it is refused as a whole.</summary>
public sealed class FileRequestLimitTests(SqliteServer<FileRequestLimitSetup> server) : ServerTests(server), IClassFixture<SqliteServer<FileRequestLimitSetup>>
{
    [Fact]
    public async Task Upload_OverMaxRequestSize_Answers413ContentTooLargeAndStoresNothing()
    {
        var name = RecordClient.NewName("posts");
        await Admin.CreateCollectionAsync(new
        {
            name,
            schema = new object[] { new { name = "gallery", type = "file", options = new { max_select = 5 } } },
            list_rule = "", view_rule = "", create_rule = "", update_rule = "", delete_rule = "",
        });
        using var socket = new HttpClient { BaseAddress = new Uri(Server.BaseUrl!) };
        socket.DefaultRequestHeaders.Authorization = Admin.DefaultRequestHeaders.Authorization;

        var response = await socket.PostFormAsync(name, null, new Part("gallery", "a.txt", new byte[1500]), new Part("gallery", "b.txt", new byte[1500]));

        var problem = await response.ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("Content Too Large", problem["title"]!.GetValue<string>());
        Assert.Contains("3000", problem["detail"]!.GetValue<string>());
        Assert.Equal(0, await Admin.TotalAsync(name));
    }
}
