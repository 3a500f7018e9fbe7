using System.Collections.Frozen;
using System.Diagnostics.Metrics;
using FastCms.Health;
using FastCms.Kernel;
using FastCms.Plugins;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace FastCms.Metrics;

internal static class MetricsExtensions
{
    /// <summary>The meter the .NET runtime publishes its own metrics on (CPU, memory, GC, thread pool).</summary>
    public const string RuntimeMeter = "System.Runtime";

    /// <summary>
    /// Series kept per runtime metric. The runtime's tags are fixed (a GC generation, a CPU mode), so a few suffice; the
    /// exporter's default of 2,000 reserved about 140 KiB per metric and reader, some 6 MiB for the runtime meter alone.
    /// </summary>
    private const int RuntimeSeriesLimit = 64;

    /// <summary>
    /// Series kept per metric whose labels take only a few values fixed in the code (none, a mode, a consumer kind and an
    /// outcome, a plugin status). OpenTelemetry reserves every series of a stream when the stream is made, 72 bytes
    /// each and per reader: at the configured limit these 17 metrics alone held about 2.4 MB that no server can fill.
    /// </summary>
    private const int FixedLabelsSeriesLimit = 16;

    private static readonly FrozenSet<string> FixedLabelInstruments = FrozenSet.ToFrozenSet(
    [
        "fastcms_http_requests_in_flight", "fastcms_uptime_seconds", "fastcms_plugins",
        "fastcms_db_write_group_size", "fastcms_db_checkpoint_duration_seconds", "fastcms_file_thumbnail_duration_seconds",
        "fastcms_outbox_deliveries_total", "fastcms_outbox_retries_total", "fastcms_outbox_delivery_duration_seconds",
        "fastcms_outbox_depth", "fastcms_outbox_oldest_age_seconds",
        "fastcms_realtime_connections", "fastcms_realtime_subscriptions", "fastcms_realtime_messages_sent_total",
        "fastcms_realtime_clients_dropped_total", "fastcms_realtime_authorization_checks_total", "fastcms_realtime_fanout_seconds",
    ]);

    /// <summary>
    /// Runtime gauges whose names end in <c>.count</c>: exported as is they would end in <c>_count</c>, which
    /// Prometheus reserves for histograms and summaries (<c>promtool check metrics</c> rejects it).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> RuntimeRenames = new Dictionary<string, string>
    {
        ["dotnet.assembly.count"] = "dotnet.assemblies.loaded",
        ["dotnet.process.cpu.count"] = "dotnet.process.cpus",
        ["dotnet.timer.count"] = "dotnet.timers.active",
    };

    /// <summary>
    /// Request, hook, record, plugin and runtime metrics through OpenTelemetry, exported for Prometheus and as a
    /// JSON snapshot; the scrape token scheme. With <c>FastCms:Metrics:Enabled=false</c> nothing is listened to.
    /// </summary>
    public static IHostApplicationBuilder AddMetrics(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MetricsOptions>, MetricsOptionsValidator>();
        services.AddSingleton<HttpMetrics>();
        services.AddSingleton<MetricsCollector>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<LatencyHistory>();
        services.AddHostedService(sp => sp.GetRequiredService<LatencyHistory>());

        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ScrapeTokenAuthentication>(ScrapeTokenAuthentication.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(ScrapeTokenAuthentication.Policy, policy => policy
            .AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme, ScrapeTokenAuthentication.SchemeName)
            .RequireAssertion(context => context.User.IsAdmin() || context.User.HasClaim(ScrapeTokenAuthentication.ScrapeClaim, "true")));

        // Settings are final only once the container exists; a disabled server listens to no meter at all.
        services.ConfigureOpenTelemetryMeterProvider((sp, metrics) =>
        {
            var options = sp.GetRequiredService<IOptions<MetricsOptions>>().Value;
            if (options.Enabled)
            {
                var ownMeters = sp.GetRequiredService<IMeterFactory>();
                metrics.AddMeter(FastCmsMeter.Name, FastCmsMeter.PluginMeterPrefix + "*", RuntimeMeter);
                metrics.AddView(instrument => Stream(instrument, ownMeters, options.MaxSeriesPerMetric));
            }
        });
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("fastcms", serviceVersion: HealthApi.Version))
            .WithMetrics(metrics => metrics
                .AddPrometheusExporter(options =>
                {
                    // Every scrape sees current values; the admin endpoints are not hot enough to need a cache.
                    options.ScrapeResponseCacheDurationMilliseconds = 0;
                })
                .AddReader(sp => sp.GetRequiredService<MetricsCollector>().Reader));
        return builder;
    }

    /// <summary>
    /// How an instrument is exported: not at all when it belongs to another server instance in this process (its
    /// meter has the same name but was made by another container's factory), renamed for some runtime gauges, and
    /// with a bounded number of series.
    /// </summary>
    private static MetricStreamConfiguration Stream(Instrument instrument, IMeterFactory ownMeters, int seriesLimit)
    {
        if (instrument.Meter.Scope is IMeterFactory factory && !ReferenceEquals(factory, ownMeters))
        {
            return MetricStreamConfiguration.Drop;
        }

        if (instrument.Meter.Name != RuntimeMeter)
        {
            var fixedLabels = instrument.Meter.Name == FastCmsMeter.Name && FixedLabelInstruments.Contains(instrument.Name);
            return new MetricStreamConfiguration { CardinalityLimit = fixedLabels ? Math.Min(seriesLimit, FixedLabelsSeriesLimit) : seriesLimit };
        }

        return new MetricStreamConfiguration
        {
            Name = RuntimeRenames.GetValueOrDefault(instrument.Name),
            CardinalityLimit = RuntimeSeriesLimit,
        };
    }
}
