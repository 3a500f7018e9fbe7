using System.Net;
using FastCms.Events;
using FastCms.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static FastCms.Tests.Infrastructure.PluginFolders;

namespace FastCms.Tests.Plugins;

/// <summary>Record hooks registered by real plugins, exercised through the records API.</summary>
public abstract class PluginHookTests(ServerFixture server) : ServerTests(server)
{
    public static void WritePlugins(string root)
    {
        Write(root, "a_checker", "Plugin.cs", Plugin("checker", """
            ctx.OnRecordCreating("hooked", change =>
            {
                var title = change.Data["title"]?.GetValue<string>() ?? "";
                if (title.StartsWith("reject", StringComparison.Ordinal))
                {
                    change.Reject("Titles starting with 'reject' are not allowed here.");
                }

                change.Data["title"] = title + " (checked)";
                change.Data["trail"] = (change.Data["trail"]?.GetValue<string>() ?? "") + "checker;";
            }, priority: 5);
            ctx.OnRecordCreate("hooked", e =>
            {
                lock (Log.Seen) { Log.Seen.Add(e.RecordId + "=" + e.Data["title"]?.GetValue<string>()); }
                return Task.CompletedTask;
            });
            ctx.IncludeRouter("/checker").MapGet("/seen", () => { lock (Log.Seen) { return Log.Seen.ToArray(); } });
            """) + "\npublic static class Log { public static readonly List<string> Seen = []; }");
        Write(root, "b_first", "Plugin.cs", Plugin("first", """
            ctx.OnRecordCreating("hooked", change => change.Data["trail"] = (change.Data["trail"]?.GetValue<string>() ?? "") + "first;", priority: 10);
            ctx.OnRecordCreate("hooked", (e, _) => throw new InvalidOperationException("this after-hook always fails"), priority: 100);
            """));
    }

    [Fact]
    public async Task BeforeHook_ChangesArePersistedInPriorityOrderAcrossPlugins()
    {
        await EnsureCollectionAsync();
        var created = await (await Admin.PostJsonAsync("/api/v1/collections/hooked/records", new { data = new { title = "hello" } })).ExpectAsync(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<string>();

        var stored = await (await Admin.GetAsync($"/api/v1/collections/hooked/records/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("hello (checked)", stored["data"]!["title"]!.GetValue<string>());
        Assert.Equal("first;checker;", stored["data"]!["trail"]!.GetValue<string>());
    }

    [Fact]
    public async Task BeforeHook_Rejection_Returns400WithThePluginsMessageAndWritesNothing()
    {
        await EnsureCollectionAsync();
        var before = await CountAsync();

        var problem = await (await Admin.PostJsonAsync("/api/v1/collections/hooked/records", new { data = new { title = "reject this" } }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("Titles starting with 'reject' are not allowed here.", problem["detail"]!.GetValue<string>());

        await Server.Factory.Services.GetRequiredService<EventQueue>().WhenIdleAsync(TestContext.Current.CancellationToken);
        Assert.Equal(before, await CountAsync());
        Assert.DoesNotContain(await SeenAsync(), s => s.Contains("reject this", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AfterHook_RunsOncePerCommittedWriteWithCommittedDataDespiteAFailingHook()
    {
        await EnsureCollectionAsync();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var created = await (await Admin.PostJsonAsync("/api/v1/collections/hooked/records", new { data = new { title = $"after {i}" } })).ExpectAsync(HttpStatusCode.Created);
            ids.Add(created["id"]!.GetValue<string>());
        }

        await Server.Factory.Services.GetRequiredService<EventQueue>().WhenIdleAsync(TestContext.Current.CancellationToken);
        var seen = await SeenAsync();
        for (var i = 0; i < 3; i++)
        {
            Assert.Single(seen, s => s == $"{ids[i]}=after {i} (checked)");
        }
    }

    private async Task EnsureCollectionAsync()
    {
        var response = await Admin.PostJsonAsync("/api/v1/collections", new
        {
            name = "hooked",
            schema = new object[] { new { name = "title", type = "text" }, new { name = "trail", type = "text" } },
        });
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, await response.Content.ReadAsStringAsync());
    }

    private async Task<long> CountAsync() =>
        (await (await Admin.GetAsync("/api/v1/collections/hooked/records?per_page=1")).ExpectAsync(HttpStatusCode.OK))["total"]!.GetValue<long>();

    private async Task<List<string>> SeenAsync() =>
        [.. (await (await Anonymous().GetAsync("/api/v1/plugins/checker/seen")).ExpectAsync(HttpStatusCode.OK)).AsArray().Select(n => n!.GetValue<string>())];
}

public sealed class HookPluginsSetup : IServerSetup
{
    public Task PrepareRootAsync(string root)
    {
        PluginHookTests.WritePlugins(root);
        return Task.CompletedTask;
    }
}

public sealed class PluginHookTestsSqlite(SqliteServer<HookPluginsSetup> server) : PluginHookTests(server), IClassFixture<SqliteServer<HookPluginsSetup>>;

public sealed class PluginHookTestsPostgres(PostgresServer<HookPluginsSetup> server) : PluginHookTests(server), IClassFixture<PostgresServer<HookPluginsSetup>>;
