using System.Net;

namespace FastCms.Tests.AdminCollections;

/// <summary>Plain words joined to filter conditions with &amp;&amp; in the records filter box (what the filter builder writes after words).</summary>
public abstract partial class AdminRecordsPagesTests
{
    [Fact]
    public async Task RecordsList_WordsAndCondition_SearchesTheWordsAndAppliesTheCondition()
    {
        var name = await NotesAsync();
        var admin = await SignInAsync();

        var page = await admin.GetPageAsync($"/admin/collections/{name}?filter={Uri.EscapeDataString("spring && views > 6")}&sort=title");

        Assert.Equal(["Autumn", "Mail"], Titles(page));
        Assert.Contains("Searched for every word in title, body, contact, id.", page);
        Assert.Contains("&amp;&amp; (views &gt; 6)</code>", page);
    }

    [Fact]
    public async Task RecordsList_WordsAndBrokenCondition_ShowsTheFilterError()
    {
        var name = await NotesAsync();

        var page = await (await SignInAsync()).GetPageAsync($"/admin/collections/{name}?filter={Uri.EscapeDataString("spring && views >")}", HttpStatusCode.BadRequest);

        Assert.Contains("id=\"filter-error\"", page);
        Assert.DoesNotContain("Searched for every word", page);
    }
}
