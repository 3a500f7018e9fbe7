using System.Net;
using System.Text.Json.Nodes;
using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.PluginData;

/// <summary>Drop-in <c>hooks/*.cs</c> files: good ones register, broken ones are listed with diagnostics, the server starts.</summary>
public sealed class HookScriptTests
{
    public const string Good = """
        public sealed class Nightly : IHookScript
        {
            public static int Runs;

            public void Register(IHookContext ctx)
            {
                ctx.OnRecordCreating("posts", change => change.Data["stamped_by"] = "hooks/nightly", priority: 5);
                ctx.OnRecordCreate(null, e => Task.CompletedTask);
                ctx.Schedule("cleanup", "0 4 * * *", job => { Interlocked.Increment(ref Runs); return Task.CompletedTask; });
            }
        }
        """;

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Start_GoodBrokenAndThrowingScripts_ListedWithStatusAndServerStarts(string provider)
    {
        var root = TestPaths.NewRoot();
        WriteScript(root, "nightly.cs", Good);
        WriteScript(root, "broken.cs", """
            public sealed class Broken : IHookScript
            {
                public void Register(IHookContext ctx)
                {
                    ctx.OnRecordCreate("posts", e => Task.CompletedTask)
                }
            }
            """);
        WriteScript(root, "throws.cs", """
            public sealed class Throws : IHookScript
            {
                public void Register(IHookContext ctx)
                {
                    ctx.Schedule("never", "* * * * *", job => Task.CompletedTask);
                    throw new InvalidOperationException("configuration missing");
                }
            }
            """);
        WriteScript(root, "_disabled.cs", "this is not C#");
        await using var host = await TestHost.StartAsync(provider, root: root);
        var admin = await HostAdmin.SetupAsync(host);
        Assert.Equal(HttpStatusCode.OK, (await host.Factory.CreateClient().GetAsync("/api/v1/health")).StatusCode);

        var scripts = (await (await admin.Client().GetAsync("/api/v1/admin/hooks")).ExpectAsync(HttpStatusCode.OK)).AsArray();
        Assert.Equal(["broken.cs", "nightly.cs", "throws.cs"], scripts.Select(s => s!["file"]!.GetValue<string>()));

        var good = Script(scripts, "nightly.cs");
        Assert.Equal("active", good["status"]!.GetValue<string>());
        Assert.Equal("hooks/nightly", good["owner"]!.GetValue<string>());
        var hooks = good["hooks"]!.AsArray();
        Assert.Contains(hooks, h => h!["phase"]!.GetValue<string>() == "before" && h["event"]!.GetValue<string>() == "record.created"
            && h["collection"]!.GetValue<string>() == "posts" && h["priority"]!.GetValue<int>() == 5);
        Assert.Contains(hooks, h => h!["phase"]!.GetValue<string>() == "after" && h["collection"] is null);
        Assert.Equal("cleanup", good["jobs"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("0 4 * * *", good["jobs"]![0]!["schedule"]!.GetValue<string>());

        var broken = Script(scripts, "broken.cs");
        Assert.Equal("compile_error", broken["status"]!.GetValue<string>());
        Assert.Contains(broken["diagnostics"]!.AsArray(), d => d!.GetValue<string>().StartsWith("broken.cs:5:", StringComparison.Ordinal)
            && d.GetValue<string>().Contains("CS1002", StringComparison.Ordinal));

        var throws = Script(scripts, "throws.cs");
        Assert.Equal("failed", throws["status"]!.GetValue<string>());
        Assert.Contains("configuration missing", throws["error"]!.GetValue<string>());

        // Only the good script's job is scheduled; it can be run through the admin API.
        var jobs = (await (await admin.Client().GetAsync("/api/v1/admin/jobs")).ExpectAsync(HttpStatusCode.OK)).AsArray();
        Assert.Equal("hooks/nightly", Assert.Single(jobs)!["plugin"]!.GetValue<string>());
        var run = await (await admin.Client().PostAsync("/api/v1/admin/jobs/hooks/nightly/cleanup/run", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("succeeded", run["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Restart_UnchangedScript_ComesFromTheCompileCache()
    {
        var root = TestPaths.NewRoot();
        WriteScript(root, "nightly.cs", Good);
        await using var host = await TestHost.StartAsync("sqlite", root: root);
        var admin = await HostAdmin.SetupAsync(host);
        Assert.False(Script(await ListAsync(admin), "nightly.cs")["cache_hit"]!.GetValue<bool>());
        await host.RestartAsync();
        Assert.True(Script(await ListAsync(admin), "nightly.cs")["cache_hit"]!.GetValue<bool>());
    }

    [Fact]
    public async Task List_RequiresAdmin()
    {
        await using var host = await TestHost.StartAsync("sqlite");
        await HostAdmin.SetupAsync(host);
        await (await host.Factory.CreateClient().GetAsync("/api/v1/admin/hooks")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    internal static void WriteScript(string root, string file, string source)
    {
        Directory.CreateDirectory(Path.Combine(root, "hooks"));
        File.WriteAllText(Path.Combine(root, "hooks", file), source);
    }

    private static async Task<JsonArray> ListAsync(HostAdmin admin) =>
        (await (await admin.Client().GetAsync("/api/v1/admin/hooks")).ExpectAsync(HttpStatusCode.OK)).AsArray();

    private static JsonNode Script(JsonArray scripts, string file) => scripts.Single(s => s!["file"]!.GetValue<string>() == file)!;
}
