using System.Net;
using FastCms.Tests.Infrastructure;
using static FastCms.Tests.Infrastructure.PluginFolders;

namespace FastCms.Tests.PluginData;

/// <summary>Two server instances on one PostgreSQL database: each tick of a job runs on exactly one of them.</summary>
public sealed class MultiInstanceJobTests
{
    private const string Source = """
        namespace Cluster;

        public sealed class Tick : PluginModel
        {
            public DateTimeOffset ScheduledFor { get; set; }
            public string Instance { get; set; } = "";
        }

        public sealed class ClusterDb(PluginDbOptions options) : PluginDbContext(options)
        {
            public DbSet<Tick> Ticks => Set<Tick>();
        }

        public sealed class ClusterPlugin : IPlugin
        {
            public static readonly string Instance = Guid.NewGuid().ToString("N");

            public PluginMeta Meta { get; } = new("cluster", "Cluster", "1.0.0");

            public void Register(IPluginContext ctx)
            {
                var db = ctx.UseDatabase<ClusterDb>();
                ctx.Schedule("tick", "* * * * * *", (job, ct) => new ValueTask(db.WriteAsync(async (context, token) =>
                {
                    context.Ticks.Add(new Tick { ScheduledFor = job.ScheduledFor, Instance = Instance });
                    await Task.Delay(50, token);
                    return 0;
                }, ct)));
                ctx.IncludeRouter("/cluster").MapGet("/ticks", async (ClusterDb context) => await context.Ticks.Select(t => new { t.ScheduledFor, t.Instance }).ToListAsync());
            }
        }
        """;

    [Fact]
    public async Task Schedule_TwoInstancesOnePostgres_EachTickRunsOnce()
    {
        await using var database = await Databases.CreateAsync("postgres");
        var rootA = TestPaths.NewRoot();
        var rootB = TestPaths.NewRoot();
        Write(rootA, "cluster", "Plugin.cs", Source);
        Write(rootB, "cluster", "Plugin.cs", Source);
        await using (var a = TestHost.Start(database, rootA))
        await using (var b = TestHost.Start(database, rootB))
        {
            await JobTests.Eventually(async () =>
            {
                var ticks = await (await a.Factory.CreateClient().GetAsync("/api/v1/plugins/cluster/ticks")).ExpectAsync(HttpStatusCode.OK);
                return ticks.AsArray().Count >= 5;
            }, seconds: 20);
        }

        await using var probe = TestHost.Start(database, rootA);
        var all = (await (await probe.Factory.CreateClient().GetAsync("/api/v1/plugins/cluster/ticks")).ExpectAsync(HttpStatusCode.OK)).AsArray();
        var ticks = all.Select(t => t!["scheduled_for"]!.GetValue<DateTimeOffset>()).ToList();
        Assert.True(ticks.Count >= 5);
        Assert.Equal(ticks.Count, ticks.Distinct().Count());
        TestPaths.TryDelete(rootA);
        TestPaths.TryDelete(rootB);
    }
}
