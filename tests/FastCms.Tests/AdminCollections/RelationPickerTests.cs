using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.Records;

namespace FastCms.Tests.AdminCollections;

/// <summary>
/// A collection's <c>display_field</c> through the collections API, the record form's relation picker endpoint, and
/// related records named by their display field in the admin's records list and form.
/// </summary>
public abstract class RelationPickerTests(ServerFixture server) : ServerTests(server)
{
    private Task<AdminClient> SignInAsync() => AdminClient.SignInAsync(Server.Factory, Server.AdminEmail, ServerFixture.AdminPassword);

    private static string Picker(string collection, string field, string q) =>
        $"/admin/collections/{collection}/relations/{field}?q={Uri.EscapeDataString(q)}";

    private sealed record Library(string AuthorsId, string Books, string Ada);

    private async Task<Library> LibraryAsync(string? displayField = "name")
    {
        var authors = RecordClient.NewName("authors");
        var collection = await Admin.CreateCollectionAsync(new
        {
            name = authors,
            schema = new object[]
            {
                new { name = "code", type = "text" },
                new { name = "name", type = "text" },
                new { name = "secret", type = "text", hidden = true },
            },
            display_field = displayField,
        });
        var ada = (await Admin.CreateRecordAsync(authors, new { code = "A-1", name = "Ada Lovelace", secret = "engine" })).Id();
        await Admin.CreateRecordAsync(authors, new { code = "G-2", name = "Grace Hopper" });
        var books = RecordClient.NewName("books");
        await Admin.CreateCollectionAsync(new
        {
            name = books,
            schema = new object[]
            {
                new { name = "title", type = "text" },
                new { name = "author", type = "relation", options = new { collection = authors } },
            },
        });
        return new Library(collection.Id(), books, ada);
    }

    [Fact]
    public async Task DisplayField_SetOnCreate_IsReturnedAndFollowsARenameInAnUpdate()
    {
        var (authors, _, _) = await LibraryAsync();
        var created = await (await Admin.GetAsync($"/api/v1/collections/{authors}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("name", created["display_field"]!.GetValue<string>());

        // The schema sent again without display_field (as a schema editor does), with the field renamed: still chosen.
        var schema = created["schema"]!.AsArray().Select(f => f!.DeepClone()).ToList();
        schema[1]!["name"] = "full_name";
        var renamed = await (await Admin.PatchJsonAsync($"/api/v1/collections/{authors}", new { schema })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("full_name", renamed["display_field"]!.GetValue<string>());

        var cleared = await (await Admin.PatchJsonAsync($"/api/v1/collections/{authors}", new { display_field = (string?)null })).ExpectAsync(HttpStatusCode.OK);
        Assert.Null(cleared["display_field"]);
    }

    [Theory]
    [InlineData("secret", "Must name a field that is not hidden")]
    [InlineData("nope", "No field named 'nope' in this collection.")]
    public async Task DisplayField_HiddenOrUnknownField_Is400AtDisplayField(string field, string message)
    {
        var (authors, _, _) = await LibraryAsync();

        var response = await Admin.PatchJsonAsync($"/api/v1/collections/{authors}", new { display_field = field });

        var problem = await response.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.StartsWith(message, problem["errors"]!["display_field"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("name", (await (await Admin.GetAsync($"/api/v1/collections/{authors}")).ExpectAsync(HttpStatusCode.OK))["display_field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Picker_PartOfAName_ListsMatchingRecordsByDisplayField()
    {
        var (_, books, ada) = await LibraryAsync();
        var admin = await SignInAsync();

        var found = JsonNode.Parse(await admin.GetPageAsync(Picker(books, "author", "lov")))!["items"]!.AsArray();
        var all = JsonNode.Parse(await admin.GetPageAsync(Picker(books, "author", "")))!["items"]!.AsArray();

        var item = Assert.Single(found)!;
        Assert.Equal(ada, item["id"]!.GetValue<string>());
        Assert.Equal("Ada Lovelace", item["label"]!.GetValue<string>());
        // Newest first; the two may share a millisecond, so only the set is certain.
        Assert.Equal(["Ada Lovelace", "Grace Hopper"], all.Select(i => i!["label"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Empty(JsonNode.Parse(await admin.GetPageAsync(Picker(books, "author", "engine")))!["items"]!.AsArray()); // hidden fields are not searched
        // The picker answers JSON, errors too: a field that is no relation is a problem+json 404, not an HTML page.
        var notRelation = await admin.Http.GetAsync(Picker(books, "title", "x"));
        Assert.Equal(HttpStatusCode.NotFound, notRelation.StatusCode);
        Assert.Equal("application/problem+json", notRelation.Content.Headers.ContentType?.MediaType);
        Assert.Equal(404, JsonNode.Parse(await notRelation.Content.ReadAsStringAsync())!["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task Picker_NoDisplayField_LabelsByTheFirstTextField()
    {
        var (_, books, _) = await LibraryAsync(displayField: null);

        var items = JsonNode.Parse(await (await SignInAsync()).GetPageAsync(Picker(books, "author", "grace")))!["items"]!.AsArray();

        Assert.Equal("G-2", Assert.Single(items)!["label"]!.GetValue<string>());
    }

    [Fact]
    public async Task Picker_WithoutAnAdminSession_ReturnsNoRecords()
    {
        var (_, books, _) = await LibraryAsync();
        var (_, _, _, auth) = await Server.NewUserAsync();
        using var bearer = Server.Factory.CreateClient(new() { AllowAutoRedirect = false });
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", auth["token"]!["access_token"]!.GetValue<string>());
        using var anonymous = Server.Factory.CreateClient(new() { AllowAutoRedirect = false });

        foreach (var client in new[] { anonymous, bearer })
        {
            var response = await client.GetAsync(Picker(books, "author", "a"));
            Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain("Lovelace", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RecordsListAndForm_RelatedRecord_ShownByDisplayField()
    {
        var (_, books, ada) = await LibraryAsync();
        var book = (await Admin.CreateRecordAsync(books, new { title = "Notes", author = ada })).Id();
        var admin = await SignInAsync();

        var list = await admin.GetPageAsync($"/admin/collections/{books}");
        var form = await admin.GetPageAsync($"/admin/collections/{books}/records/{book}");

        Assert.Matches($"<td data-label=\"author\">\\s*<span class=\"relation-ref\">Ada Lovelace <code>{ada}</code></span>\\s*</td>", list);
        Assert.Contains($"data-id=\"{ada}\" data-label=\"Ada Lovelace\"", form, StringComparison.Ordinal);
        Assert.Contains($"data-relation-picker=\"/admin/collections/{books}/relations/author\"", form, StringComparison.Ordinal);
        Assert.Contains($"value=\"{ada}\"", form, StringComparison.Ordinal); // the plain id input, for browsers without JavaScript
    }
}

public sealed class RelationPickerTestsSqlite(SqliteServer server) : RelationPickerTests(server), IClassFixture<SqliteServer>;

public sealed class RelationPickerTestsPostgres(PostgresServer server) : RelationPickerTests(server), IClassFixture<PostgresServer>;
