using FastCms.Tests.Records;

namespace FastCms.Tests.AdminCollections;

/// <summary>Plain words in the records filter box search the visible text fields.</summary>
public abstract partial class AdminRecordsPagesTests
{
    private async Task<string> NotesAsync()
    {
        var name = RecordClient.NewName("notes");
        await Admin.CreateCollectionAsync(new
        {
            name,
            schema = new object[]
            {
                new { name = "title", type = "text" },
                new { name = "body", type = "editor" },
                new { name = "contact", type = "email" },
                new { name = "secret", type = "text", hidden = true },
                new { name = "views", type = "number" },
            },
        });
        await Admin.CreateRecordAsync(name, new { title = "Spring news", body = "<p>The garden wakes up</p>", views = 5 });
        await Admin.CreateRecordAsync(name, new { title = "Autumn", body = "<p>Spring cleaning, done early</p>", views = 50 });
        await Admin.CreateRecordAsync(name, new { title = "Mail", contact = "spring@example.com", views = 7 });
        await Admin.CreateRecordAsync(name, new { title = "Winter", secret = "spring", views = 1 });
        return name;
    }

    [Fact]
    public async Task RecordsList_PlainWords_SearchVisibleTextFieldsForEveryWord()
    {
        var name = await NotesAsync();
        var admin = await SignInAsync();

        var one = await admin.GetPageAsync($"/admin/collections/{name}?filter=SPRING&sort=title");
        var both = await admin.GetPageAsync($"/admin/collections/{name}?filter={Uri.EscapeDataString("spring garden")}");

        Assert.Equal(["Autumn", "Mail", "Spring news"], Titles(one));
        Assert.Contains("Searched for every word in title, body, contact, id.", one);
        Assert.Equal(["Spring news"], Titles(both));
    }

    [Fact]
    public async Task RecordsList_RecordIdAsWord_FindsThatRecord()
    {
        var name = await NotesAsync();
        var id = (await Admin.CreateRecordAsync(name, new { title = "By id" })).Id();

        var page = await (await SignInAsync()).GetPageAsync($"/admin/collections/{name}?filter={id}");

        Assert.Equal(["By id"], Titles(page));
    }

    [Fact]
    public async Task RecordsList_FilterExpression_IsNotSearchedAsWords()
    {
        var name = await NotesAsync();

        var page = await (await SignInAsync()).GetPageAsync($"/admin/collections/{name}?filter={Uri.EscapeDataString("views >= 7")}&sort=title");

        Assert.Equal(["Autumn", "Mail"], Titles(page));
        Assert.DoesNotContain("Searched for every word", page);
    }
}
