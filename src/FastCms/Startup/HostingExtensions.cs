using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using FastCms.Admin;
using FastCms.AdminShell;
using FastCms.Auth;
using FastCms.Kernel;
using FastCms.Metrics;
using FastCms.PluginHost.Data;
using FastCms.Setup;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace FastCms.Startup;

internal static class HostingExtensions
{
    /// <summary>
    /// The command line to build the host from: FastCMS's host defaults first, so that the caller's own arguments
    /// override them. <c>appsettings.json</c> is not watched for changes (a restart applies them): the watcher covers
    /// the whole content root, <c>data/</c> included, and woke up on every database write, which cost a record create
    /// on SQLite about 40 % more CPU time (docs/performance.md).
    /// </summary>
    public static string[] WithHostDefaults(string[] args) => ["--hostBuilder:reloadConfigOnChange=false", .. args];

    /// <summary>
    /// The shipped <c>appsettings.json</c> (next to the server's binaries) becomes the lowest-priority source, so
    /// the server has its defaults wherever it is started; an <c>appsettings.json</c> in the content root,
    /// environment variables and command-line arguments override it.
    /// </summary>
    public static IHostApplicationBuilder AddShippedDefaults(this IHostApplicationBuilder builder)
    {
        var shipped = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        var contentRoot = Path.Combine(builder.Environment.ContentRootPath, "appsettings.json");
        if (File.Exists(shipped) && !string.Equals(Path.GetFullPath(shipped), Path.GetFullPath(contentRoot), StringComparison.Ordinal))
        {
            builder.Configuration.Sources.Insert(0, new JsonConfigurationSource
            {
                FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
                Path = "appsettings.json",
                Optional = true,
            });
        }

        return builder;
    }

    /// <summary>Options, folders, JSON conventions (snake_case, as the original API), CORS and error handling.</summary>
    public static IHostApplicationBuilder AddFastCmsHosting(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<FastCmsOptions>().BindConfiguration(FastCmsOptions.Section);
        services.AddSingleton(sp => ContentPaths.Resolve(
            sp.GetRequiredService<IOptions<FastCmsOptions>>().Value, builder.Environment.ContentRootPath));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SetupService>();
        services.AddSingleton<AdminPageRegistry>();
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.DictionaryKeyPolicy = null;
            options.SerializerOptions.Converters.Add(new UtcTimestampJsonConverter());
            options.SerializerOptions.TypeInfoResolver = (options.SerializerOptions.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver())
                .WithAddedModifier(CamelCaseAliases.Add);
        });

        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<FastCmsOptions>>((cors, fastCms) =>
            cors.AddDefaultPolicy(policy => policy
                .WithOrigins(fastCms.Value.CorsOrigins)
                .AllowAnyHeader()
                .AllowAnyMethod()
                .WithExposedHeaders(ErrorHandling.RequestIdHeader)));

        builder.AddErrorHandling();
        return builder;
    }

    public static WebApplication UseFastCmsPipeline(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseRequestMetrics();
        app.UseErrorHandling();
        app.UseSecurityHeaders();
        app.UseAdminUi();
        app.UseDeferredEndpoints();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseCors();
        app.UseAuthentication();
        app.UseInvalidBearerTokenRejection();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UsePluginRequestServices();
        return app;
    }
}
