using System.Net;
using FastCms.Events;
using FastCms.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FastCms.Tests.Scaffolding;

/// <summary>
/// <c>FastCms.dll plugin new</c> run as a real process in a temporary content root; the plugin it writes is then
/// loaded by a real server, unchanged.
/// </summary>
public sealed class PluginNewCommandTests
{
    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task PluginNew_ValidId_WritesPluginThatLoadsAnswersAndShowsItsAdminPage(string provider)
    {
        var root = TestPaths.NewRoot();
        var (exitCode, output) = await RunAsync(root, "plugin", "new", "my-widget");

        Assert.True(exitCode == 0, output);
        Assert.Contains($"Created plugin 'my-widget' in {Path.Combine(root, "plugins", "my_widget")}", output);
        Assert.Contains("curl http://localhost:8000/api/v1/plugins/my-widget/hello", output);
        string[] expected = ["MyWidgetPlugin.cs", "MyWidgetSettings.cs", "MyWidgetActivity.cs", "templates/index.liquid", "my_widget.csproj", "README.md"];
        Assert.All(expected, file => Assert.True(File.Exists(Path.Combine(root, "plugins", "my_widget", file)), $"{file} was not written"));
        Assert.DoesNotContain(Directory.EnumerateDirectories(Path.Combine(root, "plugins")), d => Path.GetFileName(d).StartsWith('.'));

        await using var host = await TestHost.StartAsync(provider, root: root);
        var admin = await HostAdmin.SetupAsync(host);
        var plugin = await admin.PluginAsync("my-widget");
        Assert.True(plugin["status"]!.GetValue<string>() == "active", plugin.ToJsonString());
        Assert.Equal("My Widget", plugin["name"]!.GetValue<string>());
        Assert.Equal("1.0.0", plugin["version"]!.GetValue<string>());

        var anonymous = host.Factory.CreateClient();
        var hello = await (await anonymous.GetAsync("/api/v1/plugins/my-widget/hello")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("""{"message":"Hello from My Widget!","plugin":"my-widget"}""", hello.ToJsonString());
        await (await admin.Client().PatchJsonAsync("/api/v1/admin/plugins/my-widget/settings", new { greeting = "Hi there" })).ExpectAsync(HttpStatusCode.OK);
        hello = await (await anonymous.GetAsync("/api/v1/plugins/my-widget/hello")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Hi there", hello["message"]!.GetValue<string>());

        await (await admin.Client().PostJsonAsync("/api/v1/collections", new { name = "notes", schema = new[] { new { name = "title", type = "text" } } }))
            .ExpectAsync(HttpStatusCode.Created);
        await (await admin.Client().PostJsonAsync("/api/v1/collections/notes/records", new { data = new { title = "one" } })).ExpectAsync(HttpStatusCode.Created);
        var refused = await admin.Client().PostJsonAsync("/api/v1/collections/notes/records", new { data = new { title = "Buy SPAM" } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("may not contain", await refused.Content.ReadAsStringAsync());
        await host.Factory.Services.GetRequiredService<EventQueue>().WhenIdleAsync(TestContext.Current.CancellationToken);

        var page = await (await AdminClient.SignInAsync(host.Factory, "admin@example.com", ServerFixture.AdminPassword)).GetPageAsync("/admin/plugins/my-widget");
        Assert.Contains("<strong id=\"my-widget-records-created\">1</strong>", page);
        Assert.Contains("<code>notes</code>", page);
        Assert.Contains("<dd id=\"my-widget-greeting\">Hi there</dd>", page);
        Assert.Matches("data-nav=\"my-widget\" aria-current=\"page\"", page);
    }

    [Fact]
    public async Task PluginNew_ConfiguredPluginsDirNameAndAuthor_AreUsedAndQuotesSurviveCompilation()
    {
        var root = TestPaths.NewRoot();
        var (exitCode, output) = await RunAsync(root, [("FastCms__PluginsDir", "extensions")],
            "plugin", "new", "2fa", "--name", "Two \"Factor\" \\ Auth", "--author", "Ada");

        Assert.True(exitCode == 0, output);
        Assert.True(File.Exists(Path.Combine(root, "extensions", "2fa", "Plugin2faPlugin.cs")), output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(root, "plugins")));

        await using var host = await TestHost.StartAsync("sqlite", [new("FastCms:PluginsDir", Path.Combine(root, "extensions"))], root);
        var plugin = await (await HostAdmin.SetupAsync(host)).PluginAsync("2fa");
        Assert.True(plugin["status"]!.GetValue<string>() == "active", plugin.ToJsonString());
        Assert.Equal("Two \"Factor\" \\ Auth", plugin["name"]!.GetValue<string>());
        Assert.Equal("Ada", plugin["author"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("My_Widget")]
    [InlineData("my widget")]
    [InlineData("my--widget")]
    [InlineData("widget-")]
    public async Task PluginNew_InvalidId_ExitsWithTwoAndWritesNothing(string id)
    {
        var root = TestPaths.NewRoot();
        var (exitCode, output) = await RunAsync(root, "plugin", "new", id);

        Assert.Equal(2, exitCode);
        Assert.Contains($"Invalid plugin id: Id '{id}' must be a URL-safe slug (lowercase letters and digits separated by '-' or '_', at most 64 characters).", output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(root, "plugins")));
        TestPaths.TryDelete(root);
    }

    [Fact]
    public async Task PluginNew_FolderExists_ExitsWithTwoAndChangesNothing()
    {
        var root = TestPaths.NewRoot();
        var folder = Path.Combine(root, "plugins", "my_widget");
        PluginFolders.Write(root, "my_widget", "Mine.cs", "// mine");

        var (exitCode, output) = await RunAsync(root, "plugin", "new", "my-widget");

        Assert.Equal(2, exitCode);
        Assert.Contains($"{folder} already exists; nothing was changed.", output);
        Assert.Equal([Path.Combine(folder, "Mine.cs")], Directory.EnumerateFileSystemEntries(folder));
        Assert.Equal("// mine", await File.ReadAllTextAsync(Path.Combine(folder, "Mine.cs"), TestContext.Current.CancellationToken));
        Assert.Equal([folder], Directory.EnumerateFileSystemEntries(Path.Combine(root, "plugins")));
        TestPaths.TryDelete(root);
    }

    [Theory]
    [InlineData("Missing the plugin id.", "plugin", "new")]
    [InlineData("Missing the sub-command: plugin new.", "plugin")]
    [InlineData("Unknown sub-command 'plugin create'.", "plugin", "create", "my-widget")]
    [InlineData("Unknown option '--force'.", "plugin", "new", "my-widget", "--force")]
    [InlineData("The option --name needs a value.", "plugin", "new", "my-widget", "--name")]
    [InlineData("Unexpected argument 'other': give one id.", "plugin", "new", "my-widget", "other")]
    public async Task PluginNew_BadArguments_PrintsUsageAndExitsWithTwo(string message, params string[] args)
    {
        var root = TestPaths.NewRoot();
        var (exitCode, output) = await RunAsync(root, args);

        Assert.Equal(2, exitCode);
        Assert.Contains(message, output);
        Assert.Contains("Usage: FastCms plugin new <id> [--name \"My Plugin\"] [--author \"Your Name\"]", output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(root, "plugins")));
        TestPaths.TryDelete(root);
    }

    private static Task<(int ExitCode, string Output)> RunAsync(string root, params string[] args) => RunAsync(root, [], args);

    private static Task<(int ExitCode, string Output)> RunAsync(string root, (string Name, string Value)[] environment, params string[] args) =>
        ServerProcess.RunAsync(root, environment, args);
}
