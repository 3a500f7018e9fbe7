using System.Text.Json;
using FastCms.Admin;
using FastCms.Auth;
using FastCms.Data;
using FastCms.Data.Migrations;
using FastCms.Health;
using FastCms.HookScripts;
using FastCms.Metrics;
using FastCms.PluginHost;
using FastCms.PluginHost.Data;
using FastCms.Setup;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace FastCms.Hosting;

public static class HostingExtensions
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

    /// <summary>
    /// Checks the configuration, brings the database to the current schema, loads the signing key and creates
    /// the configured admin, then serves. A configuration error ends the process (exit code 2) with a message
    /// naming the setting instead of a stack trace, before anything is written; an address already in use ends it
    /// with exit code 1 and a message saying so.
    /// </summary>
    public static async Task<int> RunFastCmsAsync(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("FastCms");
        try
        {
            app.Services.GetRequiredService<IStartupValidator>().Validate();
            var services = app.Services;
            var database = services.GetRequiredService<Database>();
            logger.LogInformation("FastCMS {Version} using {Database}", HealthApi.Version, database.Description);
            await services.GetRequiredService<MigrationRunner>().ApplyAsync(SystemMigrations.All, app.Lifetime.ApplicationStopping);
            await services.GetRequiredService<JwtSigningKey>().LoadAsync(app.Lifetime.ApplicationStopping);
            await services.GetRequiredService<PluginLoader>().LoadAllAsync(app.Lifetime.ApplicationStopping);
            services.GetRequiredService<HookScriptLoader>().LoadAll(app.Lifetime.ApplicationStopping);
            var address = app.Configuration["urls"]?.Split(';')[0] ?? "http://localhost:8000";
            await services.GetRequiredService<SetupService>().RunStartupAsync(address, app.Lifetime.ApplicationStopping);
        }
        catch (Exception e) when (ConfigurationErrors(e) is { Count: > 0 } errors)
        {
            foreach (var error in errors)
            {
                logger.LogCritical("Invalid configuration: {Message}", error);
            }

            // Disposing flushes the console logger, which writes on a background thread.
            await app.DisposeAsync();
            return 2;
        }

        try
        {
            await app.RunAsync();
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            logger.LogCritical("{Message} Another process is listening there: stop it, or give FastCMS another address with --urls.", e.Message);
            await app.DisposeAsync();
            return 1;
        }

        return 0;
    }

    private static List<string> ConfigurationErrors(Exception exception) => exception switch
    {
        OptionsValidationException validation => [.. validation.Failures],
        AggregateException aggregate => [.. aggregate.InnerExceptions.SelectMany(ConfigurationErrors)],
        InvalidOperationException { Source: "Microsoft.Extensions.Configuration.Binder" } binder => [binder.Message],
        _ => [],
    };
}
