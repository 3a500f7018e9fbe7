using System.Text.Json;
using FastCms.Admin;
using FastCms.Auth;
using FastCms.Data;
using FastCms.Data.Migrations;
using FastCms.Health;
using FastCms.Metrics;
using FastCms.Setup;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace FastCms.Hosting;

public static class HostingExtensions
{
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
        app.UseRequestMetrics();
        app.UseErrorHandling();
        app.UseSecurityHeaders();
        app.UseRouting();
        app.UseCors();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>
    /// Brings the database to the current schema, loads the signing key and creates the configured admin,
    /// then serves. A configuration error ends the process with a one-line explanation instead of a stack trace.
    /// </summary>
    public static async Task<int> RunFastCmsAsync(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("FastCms");
        try
        {
            var services = app.Services;
            var database = services.GetRequiredService<Database>();
            logger.LogInformation("FastCMS {Version} using {Database}", HealthApi.Version, database.Description);
            await services.GetRequiredService<MigrationRunner>().ApplyAsync(SystemMigrations.All, app.Lifetime.ApplicationStopping);
            await services.GetRequiredService<JwtSigningKey>().LoadAsync(app.Lifetime.ApplicationStopping);
            var address = app.Configuration["urls"]?.Split(';')[0] ?? "http://localhost:8000";
            await services.GetRequiredService<SetupService>().RunStartupAsync(address, app.Lifetime.ApplicationStopping);
        }
        catch (Exception e) when (e is OptionsValidationException or InvalidOperationException { Source: "Microsoft.Extensions.Configuration.Binder" })
        {
            logger.LogCritical("Invalid configuration: {Message}", e.Message);
            return 2;
        }

        await app.RunAsync();
        return 0;
    }
}
