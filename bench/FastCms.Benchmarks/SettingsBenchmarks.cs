using System.Text.Json;
using BenchmarkDotNet.Attributes;
using FastCms.Data;
using FastCms.Data.Migrations;
using FastCms.Events;
using FastCms.Jobs;
using FastCms.Metrics;
using FastCms.PluginHost;
using FastCms.PluginHost.Registration;
using FastCms.PluginHost.Settings;
using FastCms.Plugins;
using FastCms.Records;
using FastCms.Startup;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FastCms.Benchmarks;

/// <summary>
/// A plugin reading its settings the two ways the plugin API offers, over a real settings store (loaded from a
/// SQLite database): <c>ctx.GetSetting("greeting", …)</c> and the typed <c>IPluginSettings&lt;T&gt;.Current</c>.
/// </summary>
[MemoryDiagnoser]
public class SettingsBenchmarks
{
    private const string PluginId = "bench-settings";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "fastcms-settings-bench-" + Guid.NewGuid().ToString("N"));
    private WebApplication _app = null!;
    private IPluginContext _context = null!;
    private IPluginSettings<BenchSettings> _typed = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        Directory.CreateDirectory(_root);
        var builder = WebApplication.CreateBuilder(HostingExtensions.WithHostDefaults(["--contentRoot", _root]));
        builder.Logging.ClearProviders();
        builder.AddFastCmsHosting();
        builder.AddDatabase();
        builder.AddEvents();
        builder.AddJobs();
        builder.AddPlugins();
        builder.AddMetrics();
        builder.AddRecords();
        _app = builder.Build();
        await _app.Services.GetRequiredService<MigrationRunner>().ApplyAsync(SystemMigrations.All, CancellationToken.None);

        var store = _app.Services.GetRequiredService<PluginSettingsStore>();
        await store.ApplyAsync(PluginId, new Dictionary<string, JsonElement?>
        {
            ["greeting"] = JsonSerializer.SerializeToElement("hello"),
            ["max_items"] = JsonSerializer.SerializeToElement(25),
        }, CancellationToken.None);
        var info = new PluginInfo("bench_settings", _root, PluginKind.Source) { Meta = new PluginMeta(PluginId, "Settings benchmark", "1.0.0") };
        var registration = new PluginRegistration(info, _app.Services.GetRequiredService<PluginHostServices>());
        _typed = registration.UseSettings<BenchSettings>();
        _context = registration;
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Benchmark(Description = "ctx.GetSetting<string>")]
    public string GetSetting() => _context.GetSetting("greeting", "none");

    [Benchmark(Description = "ctx.GetSetting<int>")]
    public int GetSettingInt() => _context.GetSetting("max_items", 10);

    [Benchmark(Description = "IPluginSettings<T>.Current")]
    public string Typed() => _typed.Current.Greeting;

    public sealed class BenchSettings
    {
        public string Greeting { get; set; } = "none";

        public int MaxItems { get; set; } = 10;
    }
}
