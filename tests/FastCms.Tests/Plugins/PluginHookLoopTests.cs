using System.Net;
using FastCms.Events;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.Metrics;
using Microsoft.Extensions.DependencyInjection;
using static FastCms.Tests.Infrastructure.PluginFolders;

namespace FastCms.Tests.Plugins;

public sealed class LoopingPluginsServer : SqliteServer
{
    protected override Task PrepareRootAsync(string root)
    {
        Write(root, "looper", "Plugin.cs", Plugin("looper", """
            var records = ctx.Services.GetRequiredService<IRecords>();
            // Each new record in "echo" creates another one, inside the same transaction.
            ctx.OnRecordCreating("echo", async (change, ct) =>
            {
                await records.System.CreateAsync("echo", new System.Text.Json.Nodes.JsonObject { ["title"] = "echo" }, ct);
            });
            // Each committed record in "chain" creates the next one, after commit.
            ctx.OnRecordCreate("chain", async (e, ct) =>
            {
                try
                {
                    await records.System.CreateAsync("chain", new System.Text.Json.Nodes.JsonObject { ["title"] = "next" }, ct);
                }
                catch (Exception error)
                {
                    lock (Errors.Seen) { Errors.Seen.Add(error.Message); }
                    throw;
                }
            });
            ctx.IncludeRouter("/looper").MapGet("/errors", () => { lock (Errors.Seen) { return Errors.Seen.ToArray(); } });
            """) + "\npublic static class Errors { public static readonly List<string> Seen = []; }");
        return Task.CompletedTask;
    }
}

/// <summary>Hooks that write records which trigger themselves again are stopped by the recursion limit.</summary>
public sealed class PluginHookLoopTests(LoopingPluginsServer server) : ServerTests(server), IClassFixture<LoopingPluginsServer>
{
    [Fact]
    public async Task BeforeHookCreatingRecordsInALoop_IsStoppedWithAClearErrorAndWritesNothing()
    {
        await CreateCollectionAsync("echo");

        var problem = await (await Admin.PostJsonAsync("/api/v1/collections/echo/records", new { data = new { title = "start" } }))
            .ExpectProblemAsync(HttpStatusCode.InternalServerError);
        Assert.Contains("Hook recursion limit reached", problem["detail"]!.GetValue<string>());
        Assert.Equal(0, await CountAsync("echo"));
    }

    [Fact]
    public async Task AfterHookCreatingRecordsInALoop_StopsAtTheLimitAndReportsIt()
    {
        await CreateCollectionAsync("chain");

        await (await Admin.PostJsonAsync("/api/v1/collections/chain/records", new { data = new { title = "start" } })).ExpectAsync(HttpStatusCode.Created);
        var queue = Server.Factory.Services.GetRequiredService<EventQueue>();
        await queue.WhenIdleAsync(TestContext.Current.CancellationToken);

        // The request's record plus one per nesting level up to the limit.
        Assert.Equal(1 + HookDepth.Limit, await CountAsync("chain"));
        var errors = (await (await Anonymous().GetAsync("/api/v1/plugins/looper/errors")).ExpectAsync(HttpStatusCode.OK)).AsArray();
        Assert.Contains(errors, e => e!.GetValue<string>().Contains("Hook recursion limit reached", StringComparison.Ordinal));

        var metrics = PrometheusText.Parse(await (await Admin.GetAsync("/api/v1/admin/metrics/prometheus")).Content.ReadAsStringAsync());
        Assert.True(metrics.Sum("fastcms_plugin_hook_errors_total", ("plugin", "looper"), ("phase", "after")) >= 1);
    }

    private async Task CreateCollectionAsync(string name)
    {
        var response = await Admin.PostJsonAsync("/api/v1/collections", new
        {
            name,
            schema = new object[] { new { name = "title", type = "text" } },
        });
        await response.ExpectAsync(HttpStatusCode.Created);
    }

    private async Task<long> CountAsync(string collection) =>
        (await (await Admin.GetAsync($"/api/v1/collections/{collection}/records?per_page=1")).ExpectAsync(HttpStatusCode.OK))["total"]!.GetValue<long>();
}
