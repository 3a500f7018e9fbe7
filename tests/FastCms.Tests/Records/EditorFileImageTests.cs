using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.Records;

/// <summary>Images of the server's own files in editor HTML: kept by the sanitizer, stored without a file token.</summary>
public abstract class EditorFileImageTests(ServerFixture server) : ServerTests(server)
{
    [Fact]
    public async Task EditorHtml_OwnFileAddresses_AreKeptWithoutTheirToken()
    {
        var name = RecordClient.NewName("pages");
        await Admin.CreateCollectionAsync(new { name, schema = new[] { new { name = "body", type = "editor" } } });
        const string Html = "<p>Pictures</p>"
            + "<img src=\"/api/v1/files/pages/abc/a.png?token=ey.J9&amp;thumb=100x100\" alt=\"a\">"
            + "<img src=\"/api/v1/files/pages/abc/b.png?token=ey.J9\" alt=\"b\">"
            + "<img src=\"/api/v1/files/pages/abc/c.png\" alt=\"c\">"
            + "<img src=\"/elsewhere/d.png?token=other\" alt=\"d\">";

        var stored = (await Admin.CreateRecordAsync(name, new { body = Html })).Data()["body"]!.GetValue<string>();

        Assert.Equal(
            "<p>Pictures</p>"
            + "<img src=\"/api/v1/files/pages/abc/a.png?thumb=100x100\" alt=\"a\">"
            + "<img src=\"/api/v1/files/pages/abc/b.png\" alt=\"b\">"
            + "<img src=\"/api/v1/files/pages/abc/c.png\" alt=\"c\">"
            + "<img src=\"/elsewhere/d.png?token=other\" alt=\"d\">",
            stored);
    }
}

public sealed class EditorFileImageTestsSqlite(SqliteServer server) : EditorFileImageTests(server), IClassFixture<SqliteServer>;

public sealed class EditorFileImageTestsPostgres(PostgresServer server) : EditorFileImageTests(server), IClassFixture<PostgresServer>;
