using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json.Nodes;
using FastCms.Tests.Infrastructure;
using static FastCms.Tests.Infrastructure.PluginFolders;

namespace FastCms.Tests.PluginData;

/// <summary>Scheduled jobs of real plugins on both databases, with a seconds-level schedule.</summary>
public sealed class JobTests
{
    private const string Counters = """

        public static class Counters
        {
            public static int Runs;
            public static int Active;
            public static int MaxActive;
            public static volatile bool Hold;
            public static volatile bool Held;
            public static readonly TaskCompletionSource Release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        """;

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Schedule_EverySecond_RunsAndIsListed(string provider)
    {
        var root = TestPaths.NewRoot();
        Write(root, "ticker", "Plugin.cs", Plugin("ticker", """
            ctx.Schedule("tick", "* * * * * *", job => { Interlocked.Increment(ref Counters.Runs); return Task.CompletedTask; });
            ctx.IncludeRouter("/ticker").MapGet("/runs", () => Counters.Runs);
            """) + Counters);
        await using var host = await TestHost.StartAsync(provider, root: root);
        var admin = await HostAdmin.SetupAsync(host);

        await Eventually(async () => int.Parse(await host.Factory.CreateClient().GetStringAsync("/api/v1/plugins/ticker/runs")) >= 2);
        var job = await JobAsync(admin, "ticker", "tick");
        Assert.Equal("* * * * * *", job["schedule"]!.GetValue<string>());
        Assert.Equal("UTC", job["time_zone"]!.GetValue<string>());
        Assert.NotNull(job["next_run"]);
        Assert.Equal("succeeded", job["last_result"]!.GetValue<string>());
        Assert.True(job["runs"]!.GetValue<long>() >= 2);
        Assert.Equal(["tick"], (await admin.PluginAsync("ticker"))["jobs"]!.AsArray().Select(j => j!.GetValue<string>()));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Schedule_ThrowingJob_IsReportedCountedAndNextRunStillHappens(string provider)
    {
        var owner = "flaky-" + Guid.NewGuid().ToString("N")[..6];
        long errors = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "FastCms" && instrument.Name == "fastcms_job_errors_total")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "plugin" && (string?)tag.Value == owner)
                {
                    Interlocked.Add(ref errors, value);
                }
            }
        });
        listener.Start();

        var root = TestPaths.NewRoot();
        Write(root, "flaky", "Plugin.cs", Plugin(owner, """
            ctx.Schedule("flaky", "* * * * * *", job =>
            {
                if (Interlocked.Increment(ref Counters.Runs) == 1)
                {
                    throw new InvalidOperationException("first run breaks");
                }

                return Task.CompletedTask;
            });
            """) + Counters);
        await using var host = await TestHost.StartAsync(provider, root: root);
        var admin = await HostAdmin.SetupAsync(host);

        // A run in progress reads "running": wait for a finished run after the failing first one.
        JsonNode job = new JsonObject();
        await Eventually(async () => (job = await JobAsync(admin, owner, "flaky"))["runs"]!.GetValue<long>() >= 3
            && job["last_result"]!.GetValue<string>() == "succeeded");
        Assert.Equal(1, job["failures"]!.GetValue<long>());
        Assert.True(job["runs"]!.GetValue<long>() >= 3);
        Assert.Equal("succeeded", job["last_result"]!.GetValue<string>());
        Assert.Equal(1, Interlocked.Read(ref errors));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Schedule_SlowJob_NeverOverlapsItselfAndSkipsTicks(string provider)
    {
        var root = TestPaths.NewRoot();
        Write(root, "slow", "Plugin.cs", Plugin("slow", """
            ctx.Schedule("slow", "* * * * * *", async job =>
            {
                var active = Interlocked.Increment(ref Counters.Active);
                lock (typeof(Counters)) { Counters.MaxActive = Math.Max(Counters.MaxActive, active); }
                if (Counters.Hold)
                {
                    Counters.Held = true;
                    await Counters.Release.Task;
                }
                else
                {
                    await Task.Delay(2200);
                }

                Interlocked.Decrement(ref Counters.Active);
                Interlocked.Increment(ref Counters.Runs);
            });
            var api = ctx.IncludeRouter("/slow");
            api.MapGet("/state", () => new { runs = Counters.Runs, max_active = Counters.MaxActive, held = Counters.Held });
            api.MapPost("/hold", () => { Counters.Hold = true; return Results.NoContent(); });
            api.MapPost("/release", () => { Counters.Release.TrySetResult(); return Results.NoContent(); });
            """) + Counters);
        await using var host = await TestHost.StartAsync(provider, root: root);
        var admin = await HostAdmin.SetupAsync(host);

        JsonNode state = new JsonObject();
        await Eventually(async () =>
        {
            state = await (await host.Factory.CreateClient().GetAsync("/api/v1/plugins/slow/state")).ExpectAsync(HttpStatusCode.OK);
            return state["runs"]!.GetValue<int>() >= 2;
        }, seconds: 20);
        Assert.Equal(1, state["max_active"]!.GetValue<int>());
        Assert.True((await JobAsync(admin, "slow", "slow"))["skipped"]!.GetValue<long>() >= 1);

        // A manual run while a scheduled run is going is refused, not started alongside. The next run is held until
        // the refusal was seen, so the run cannot end between the two requests.
        var client = host.Factory.CreateClient();
        await (await client.PostAsync("/api/v1/plugins/slow/hold", null)).ExpectAsync(HttpStatusCode.NoContent);
        await Eventually(async () =>
            (await (await client.GetAsync("/api/v1/plugins/slow/state")).ExpectAsync(HttpStatusCode.OK))["held"]!.GetValue<bool>(), seconds: 20);
        Assert.True((await JobAsync(admin, "slow", "slow"))["running"]!.GetValue<bool>());
        await (await admin.Client().PostAsync("/api/v1/admin/jobs/slow/slow/run", null)).ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await client.PostAsync("/api/v1/plugins/slow/release", null)).ExpectAsync(HttpStatusCode.NoContent);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task RunNow_AdminOnly_RunsTheJobAndReturnsTheResult(string provider)
    {
        var root = TestPaths.NewRoot();
        Write(root, "yearly", "Plugin.cs", Plugin("yearly", """
            ctx.Schedule("summary", "0 3 1 1 *", async (job, ct) => await ctx.SetSettingAsync("summary", $"manual={job.Manual}", ct));
            ctx.Schedule("broken", "@yearly", job => throw new InvalidOperationException("always broken"));
            """));
        await using var host = await TestHost.StartAsync(provider, root: root);
        var admin = await HostAdmin.SetupAsync(host);

        await (await host.Factory.CreateClient().PostAsync("/api/v1/admin/jobs/yearly/summary/run", null)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        var run = await (await admin.Client().PostAsync("/api/v1/admin/jobs/yearly/summary/run", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("succeeded", run["status"]!.GetValue<string>());
        Assert.True(run["manual"]!.GetValue<bool>());
        var settings = await (await admin.Client().GetAsync("/api/v1/admin/plugins/yearly/settings")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("manual=True", settings["summary"]!.GetValue<string>());

        var broken = await (await admin.Client().PostAsync("/api/v1/admin/jobs/yearly/broken/run", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("failed", broken["status"]!.GetValue<string>());
        Assert.Equal("InvalidOperationException: always broken", broken["error"]!.GetValue<string>());
        var listed = await JobAsync(admin, "yearly", "broken");
        Assert.Equal("failed", listed["last_result"]!.GetValue<string>());
        Assert.Equal("InvalidOperationException: always broken", listed["last_run"]!["error"]!.GetValue<string>());
        Assert.Equal(new DateTimeOffset(DateTimeOffset.UtcNow.Year + 1, 1, 1, 3, 0, 0, TimeSpan.Zero),
            (await JobAsync(admin, "yearly", "summary"))["next_run"]!.GetValue<DateTimeOffset>());

        await (await admin.Client().PostAsync("/api/v1/admin/jobs/yearly/nothing/run", null)).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Schedule_InvalidCron_FailsThePlugin()
    {
        var root = TestPaths.NewRoot();
        Write(root, "badcron", "Plugin.cs", Plugin("badcron", """ctx.Schedule("nightly", "every night", job => Task.CompletedTask);"""));
        await using var host = await TestHost.StartAsync("sqlite", root: root);
        var admin = await HostAdmin.SetupAsync(host);
        var plugin = await admin.PluginAsync("badcron");
        Assert.Equal("failed", plugin["status"]!.GetValue<string>());
        Assert.Contains("'every night' is not a valid cron expression", plugin["error"]!.GetValue<string>());
        var jobs = await (await admin.Client().GetAsync("/api/v1/admin/jobs")).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(jobs.AsArray());
    }

    internal static async Task<JsonNode> JobAsync(HostAdmin admin, string owner, string name)
    {
        var jobs = await (await admin.Client().GetAsync("/api/v1/admin/jobs")).ExpectAsync(HttpStatusCode.OK);
        return jobs.AsArray().Single(j => j!["plugin"]!.GetValue<string>() == owner && j["name"]!.GetValue<string>() == name)!;
    }

    internal static async Task Eventually(Func<Task<bool>> condition, int seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"The condition was not met within {seconds} s.");
            await Task.Delay(100);
        }
    }
}
