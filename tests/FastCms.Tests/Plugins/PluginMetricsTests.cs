using System.Net;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.Metrics;
using static FastCms.Tests.Infrastructure.PluginFolders;

namespace FastCms.Tests.Plugins;

public sealed class MeteredPluginsServer : SqliteServer
{
    protected override Task PrepareRootAsync(string root)
    {
        Write(root, "metered", "Plugin.cs", Plugin("metered", """
            var things = ctx.Meter.CreateCounter<long>("metered_things_total", description: "Things the test plugin counted.");
            ctx.IncludeRouter("/metered").MapPost("/thing", () => { things.Add(1); return "counted"; });
            """));
        Write(root, "broken", "Plugin.cs", Plugin("broken", "throw new InvalidOperationException(\"no\");"));
        return Task.CompletedTask;
    }
}

/// <summary>Plugin metrics: the plugins-by-status gauge, and instruments a plugin creates on its own meter.</summary>
public sealed class PluginMetricsTests(MeteredPluginsServer server) : ServerTests(server), IClassFixture<MeteredPluginsServer>
{
    [Fact]
    public async Task PluginMeter_Instruments_AreExportedLabelledWithThePluginId()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await Anonymous().PostAsync("/api/v1/plugins/metered/thing", null)).StatusCode);
        }

        var samples = await ScrapeAsync();
        Assert.Equal(3, samples.Sum("metered_things_total", ("otel_scope_plugin", "metered"), ("otel_scope_name", "FastCms.Plugins.metered")));
        Assert.Equal(3, samples.Sum("fastcms_plugin_requests_total", ("plugin", "metered"), ("status", "200")));
    }

    [Fact]
    public async Task PluginsGauge_CountsPluginsPerStatus()
    {
        var samples = await ScrapeAsync();
        Assert.Equal(1, samples.Sum("fastcms_plugins", ("status", "active")));
        Assert.Equal(1, samples.Sum("fastcms_plugins", ("status", "failed")));
        Assert.Equal(0, samples.Sum("fastcms_plugins", ("status", "compile_error")));
    }

    private async Task<IReadOnlyList<Sample>> ScrapeAsync()
    {
        var response = await Admin.GetAsync("/api/v1/admin/metrics/prometheus");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }
}
