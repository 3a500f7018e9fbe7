using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using FastCms.Data;
using FastCms.Events;
using FastCms.Kernel;
using FastCms.Plugins.Events;
using FastCms.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FastCms.Tests.Metrics;

/// <summary>What reaches the Prometheus output besides requests: hooks, plugin meters, and its validity.</summary>
public sealed class MetricsExportTests(SqliteServer<MetricsSetup> server) : ServerTests(server), IClassFixture<SqliteServer<MetricsSetup>>
{
    [Fact]
    public async Task Hooks_WhenRun_ExportDurationAndErrorsPerPluginEventAndPhase()
    {
        var owner = "hook-metrics-" + Guid.NewGuid().ToString("N")[..8];
        var services = Server.Factory.Services;
        var registry = services.GetRequiredService<HookRegistry>();
        registry.AddRange(
            [new BeforeHook(owner, RecordOperation.Create, "notes", 0, registry.NextSequence(), (_, _) => ValueTask.CompletedTask)],
            [
                new AfterHook(owner, EventTypes.RecordCreated, "notes", 0, registry.NextSequence(), async (_, ct) => await Task.Delay(20, ct)),
                new AfterHook(owner, EventTypes.RecordCreated, "notes", 0, registry.NextSequence(), (_, _) => throw new InvalidOperationException("Hook failing on purpose.")),
            ],
            []);
        try
        {
            var change = new RecordChange(RecordOperation.Create, "notes", "r1", [], null, EventActor.System, services);
            await services.GetRequiredService<Database>().WriteAsync(
                async session =>
                {
                    await services.GetRequiredService<BeforeHookRunner>().RunAsync(session, change, CancellationToken.None);
                    return 0;
                },
                CancellationToken.None);
            var queue = services.GetRequiredService<EventQueue>();
            queue.Publish(new RecordEvent(EventTypes.RecordCreated, "notes", "r1", [], null, EventActor.System, DateTimeOffset.UtcNow), depth: 0);
            await queue.WhenIdleAsync(CancellationToken.None);
        }
        finally
        {
            registry.RemoveOwner(owner);
        }

        var samples = PrometheusText.Parse(await ScrapeTextAsync());
        (string, string)[] after = [("plugin", owner), ("event", EventTypes.RecordCreated), ("phase", "after")];
        (string, string)[] before = [("plugin", owner), ("event", EventTypes.RecordCreated), ("phase", "before")];
        Assert.Equal(2, samples.Sum("fastcms_plugin_hook_duration_seconds_count", after));
        Assert.True(samples.Sum("fastcms_plugin_hook_duration_seconds_sum", after) >= 0.015, "the 20 ms hook is timed");
        Assert.Equal(1, samples.Sum("fastcms_plugin_hook_errors_total", after));
        Assert.Equal(1, samples.Sum("fastcms_plugin_hook_duration_seconds_count", before));
        Assert.Equal(0, samples.Sum("fastcms_plugin_hook_errors_total", before));

        var snapshot = await (await Admin.GetAsync("/api/v1/admin/metrics")).ExpectAsync(HttpStatusCode.OK);
        var hook = snapshot["histograms"]![$"fastcms_plugin_hook_duration_seconds{{event=\"record.created\",phase=\"after\",plugin=\"{owner}\"}}"]!;
        Assert.Equal(2, hook["count"]!.GetValue<long>());
        Assert.True(hook["p99"]!.GetValue<double>() >= 15, "the slow hook shows in milliseconds");
    }

    [Fact]
    public async Task RecordWritten_PerCollectionAndOperation_ExportedAsCounter()
    {
        var collection = "metrics_" + Guid.NewGuid().ToString("N")[..8];
        FastCmsMeter.RecordWritten(collection, RecordOperation.Create);
        FastCmsMeter.RecordWritten(collection, RecordOperation.Create);
        FastCmsMeter.RecordWritten(collection, RecordOperation.Delete);

        var samples = PrometheusText.Parse(await ScrapeTextAsync());
        Assert.Equal(2, samples.Sum("fastcms_records_written_total", ("collection", collection), ("op", "create")));
        Assert.Equal(1, samples.Sum("fastcms_records_written_total", ("collection", collection), ("op", "delete")));
        Assert.Equal(0, samples.Sum("fastcms_records_written_total", ("collection", collection), ("op", "update")));
    }

    [Fact]
    public async Task PluginMeter_InstrumentsRecorded_ExportedWithPluginLabel()
    {
        var pluginId = "meter-test-" + Guid.NewGuid().ToString("N")[..8];
        using var pluginMeter = new Meter("FastCms.Plugins." + pluginId);
        using var otherMeter = new Meter("Elsewhere." + pluginId);
        var widgets = pluginMeter.CreateCounter<long>("meter_test_widgets_total", description: "Widgets made.");
        var latency = pluginMeter.CreateHistogram<double>("meter_test_call_duration_seconds", "s", "Calls.");
        otherMeter.CreateCounter<long>("elsewhere_things_total").Add(1, new KeyValuePair<string, object?>("plugin", pluginId));

        widgets.Add(3, new KeyValuePair<string, object?>("plugin", pluginId));
        latency.Record(0.2, new KeyValuePair<string, object?>("plugin", pluginId));

        var samples = PrometheusText.Parse(await ScrapeTextAsync());
        Assert.Equal(3, samples.Sum("meter_test_widgets_total", ("plugin", pluginId)));
        Assert.Equal(1, samples.Sum("meter_test_call_duration_seconds_count", ("plugin", pluginId)));
        Assert.DoesNotContain(samples, s => s.Name.StartsWith("elsewhere_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PrometheusOutput_AfterTraffic_PassesPromtoolCheck()
    {
        var promtool = FindOnPath("promtool");
        Assert.SkipWhen(promtool is null, "promtool is not installed (Debian package 'prometheus'; .ci/run installs it).");

        using var pluginMeter = new Meter("FastCms.Plugins.promtool-check");
        pluginMeter.CreateCounter<long>("promtool_check_events_total", description: "Events.").Add(1, new KeyValuePair<string, object?>("plugin", "promtool-check"));
        await Anonymous().GetAsync("/api/v1/health");
        await Anonymous().GetAsync("/no/such/path");
        await Anonymous().GetAsync("/test/metrics/fail");
        await Anonymous().GetAsync("/api/v1/plugins/metrics-demo/echo/201");
        await Admin.GetAsync("/api/v1/admin/metrics");
        var text = await ScrapeTextAsync();
        Assert.Contains("fastcms_http_request_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_process_cpu_time_seconds_total", text, StringComparison.Ordinal);

        var check = new ProcessStartInfo(promtool!, "check metrics")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(check)!;
        await process.StandardInput.WriteAsync(text);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0 && output.Trim().Length == 0, $"promtool exited {process.ExitCode}: {output}");
    }

    private async Task<string> ScrapeTextAsync()
    {
        var response = await Anonymous().WithBearer(MetricsTestServer.ScrapeToken).GetAsync("/api/v1/admin/metrics/prometheus");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
}
