using System.Net;
using FastCms.Tests.Infrastructure;
using static FastCms.Tests.Infrastructure.PluginFolders;

namespace FastCms.Tests.PluginKit;

/// <summary>How plugin routes bind JSON bodies to C# types: snake_case and camelCase both, answers in snake_case.</summary>
public sealed class PluginJsonNamingTests
{
    private const string Source = """
        namespace Tests_naming;

        public sealed record Person(string? FullName, int BirthYear);

        public sealed class Note
        {
            public string? NoteTitle { get; set; }

            public List<string>? TagNames { get; set; }
        }

        public sealed class NamingPlugin : IPlugin
        {
            public PluginMeta Meta { get; } = new("naming", "Naming", "1.0.0");

            public void Register(IPluginContext ctx)
            {
                var api = ctx.IncludeRouter("/naming");
                api.MapPost("/people", (Person person) => person);
                api.MapPost("/notes", (Note note) => note);
            }
        }
        """;

    [Theory]
    [InlineData("""{"full_name": "Ada Lovelace", "birth_year": 1815}""")]
    [InlineData("""{"fullName": "Ada Lovelace", "birthYear": 1815}""")]
    [InlineData("""{"FullName": "Ada Lovelace", "BirthYear": 1815}""")]
    public async Task PluginRoute_RecordBodyInEitherSpelling_BindsEveryProperty(string body)
    {
        var root = TestPaths.NewRoot();
        Write(root, "naming", "NamingPlugin.cs", Source);
        await using var host = await TestHost.StartAsync("sqlite", root: root);

        var answer = await (await host.Factory.CreateClient().PostRawAsync("/api/v1/plugins/naming/people", body)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("Ada Lovelace", answer["full_name"]!.GetValue<string>());
        Assert.Equal(1815, answer["birth_year"]!.GetValue<int>());
        Assert.Equal(["full_name", "birth_year"], answer.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task PluginRoute_ClassBodyInCamelCase_BindsAndAnswersInSnakeCase()
    {
        var root = TestPaths.NewRoot();
        Write(root, "naming", "NamingPlugin.cs", Source);
        await using var host = await TestHost.StartAsync("sqlite", root: root);

        var answer = await (await host.Factory.CreateClient().PostRawAsync("/api/v1/plugins/naming/notes",
            """{"noteTitle": "Shopping", "tagNames": ["food", "weekly"]}""")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("Shopping", answer["note_title"]!.GetValue<string>());
        Assert.Equal(["food", "weekly"], answer["tag_names"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(["note_title", "tag_names"], answer.AsObject().Select(p => p.Key));
    }
}
