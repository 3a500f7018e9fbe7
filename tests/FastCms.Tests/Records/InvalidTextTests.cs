using System.Net;
using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.Records;

/// <summary>
/// Text that is not valid Unicode in a JSON body (a lone surrogate <c>\ud800</c>, invalid UTF-8 such as 0xC3 0x28) is
/// a 400 naming the field, on every record write, and nothing is written.
/// </summary>
public abstract class InvalidTextTests(ServerFixture server) : ServerTests(server)
{
    /// <summary>Operation, body (with <c>{bad}</c> where the invalid text goes), and the field the error names.</summary>
    public static TheoryData<string, string, string, bool> Cases()
    {
        var rows = new (string Operation, string Body, string Field)[]
        {
            ("create", """{"data":{"title":"a{bad}"}}""", "title"),
            ("create", """{"data":{"ref":"{bad}"}}""", "ref"),
            ("create", """{"data":{"refs":["{bad}"]}}""", "refs"),
            ("create", """{"data":{"meta":{"k":["x","{bad}"]}}}""", "meta"),
            ("create", """{"data":{"{bad}":"x"}}""", "data"),
            ("batch", """{"records":[{"title":"ok"},{"title":"{bad}"}]}""", "records[1].title"),
            ("batch", """{"records":[{"refs":["{bad}"]}]}""", "records[0].refs"),
            ("batch", """{"records":[{"title":"ok"},{"x{bad}":"x"}]}""", "records[1]"),
            ("update", """{"data":{"title":"{bad}"}}""", "title"),
            ("update", """{"data":{"ref":"{bad}"}}""", "ref"),
            ("update", """{"data":{"{bad}+":1}}""", "data"),
        };
        var data = new TheoryData<string, string, string, bool>();
        foreach (var (operation, body, field) in rows)
        {
            data.Add(operation, body, field, false);
            data.Add(operation, body, field, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Write_InvalidUnicode_Returns400NamingTheFieldAndWritesNothing(string operation, string body, string field, bool rawBytes)
    {
        var name = RecordClient.NewName("pub");
        await Admin.CreateCollectionAsync(new
        {
            name,
            schema = new object[]
            {
                new { name = "title", type = "text" },
                new { name = "ref", type = "relation", options = new { collection = "users" } },
                new { name = "refs", type = "relation", options = new { collection = "users", max_select = 5 } },
                new { name = "meta", type = "json" },
            },
            list_rule = "", view_rule = "", create_rule = "", update_rule = "",
        });
        var id = (await Admin.CreateRecordAsync(name, new { title = "kept" })).Id();
        var (method, url) = operation switch
        {
            "create" => (HttpMethod.Post, $"/api/v1/collections/{name}/records"),
            "batch" => (HttpMethod.Post, $"/api/v1/collections/{name}/records/batch"),
            _ => (HttpMethod.Patch, $"/api/v1/collections/{name}/records/{id}"),
        };

        var response = await Anonymous().SendBytesAsync(method, url, Json.WithInvalidText(body, rawBytes));

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]?[field] is not null, problem.ToJsonString());
        var page = await Admin.ListAsync(name);
        Assert.Equal(1, page["total"]!.GetValue<long>());
        Assert.Equal("kept", page["items"]![0]!.Data()["title"]!.GetValue<string>());
    }
}

public sealed class InvalidTextTestsSqlite(SqliteServer server) : InvalidTextTests(server), IClassFixture<SqliteServer>;

public sealed class InvalidTextTestsPostgres(PostgresServer server) : InvalidTextTests(server), IClassFixture<PostgresServer>;
