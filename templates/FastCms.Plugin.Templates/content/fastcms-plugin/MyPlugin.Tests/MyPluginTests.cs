namespace MyPlugin.Tests;

/// <summary>
/// Each test starts a real FastCMS with the plugin on a temporary SQLite database. Set FASTCMS_TEST_POSTGRES (a
/// connection string that may create databases) and call <c>options.UsePostgresFromEnvironment()</c> to run on PostgreSQL.
/// </summary>
public sealed class MyPluginTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Hello_GreetingChanged_AnswersNewGreeting()
    {
        await using var cms = await FastCmsTestServer.StartAsync<MyPluginPlugin>(cancellationToken: Ct);

        var before = await cms.Anonymous.GetFromJsonAsync<JsonObject>("/api/v1/plugins/my-plugin/hello", Ct);
        await cms.UpdateSettingsAsync(new { greeting = "Hi!" }, Ct);
        var after = await cms.Anonymous.GetFromJsonAsync<JsonObject>("/api/v1/plugins/my-plugin/hello", Ct);

        Assert.Equal("Hello from MyPlugin!", before!["message"]!.GetValue<string>());
        Assert.Equal("Hi!", after!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateRecord_BlockedWord_RefusedWith400AndNotWritten()
    {
        await using var cms = await FastCmsTestServer.StartAsync<MyPluginPlugin>(cancellationToken: Ct);
        await cms.CreateCollectionAsync("notes", [new { name = "text", type = "text" }], cancellationToken: Ct);

        var refused = await cms.User.PostAsJsonAsync("/api/v1/collections/notes/records", new { data = new { text = "Buy SPAM now" } }, Ct);
        var accepted = await cms.User.PostAsJsonAsync("/api/v1/collections/notes/records", new { data = new { text = "Buy milk" } }, Ct);
        var list = await cms.Admin.GetFromJsonAsync<JsonObject>("/api/v1/collections/notes/records", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("may not contain", await refused.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal(1, list!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task AdminPage_AfterRecordsCreated_ShowsTheCount()
    {
        await using var cms = await FastCmsTestServer.StartAsync<MyPluginPlugin>(cancellationToken: Ct);
        await cms.CreateCollectionAsync("notes", [new { name = "text", type = "text" }], cancellationToken: Ct);
        await cms.CreateRecordAsync("notes", new { text = "one" }, cancellationToken: Ct);
        await cms.CreateRecordAsync("notes", new { text = "two" }, cancellationToken: Ct);
        using var admin = await cms.CreateAdminPagesClientAsync(Ct);

        // The after-hook counts off the request path: read the page until it shows both records.
        var page = "";
        for (var attempt = 0; attempt < 100 && !page.Contains("id=\"my-plugin-records-created\">2<"); attempt++)
        {
            await Task.Delay(50, Ct);
            page = await admin.GetStringAsync("/admin/plugins/my-plugin", Ct);
        }

        Assert.Contains("id=\"my-plugin-records-created\">2<", page);
        Assert.Contains("<code>notes</code>", page);
    }
}
