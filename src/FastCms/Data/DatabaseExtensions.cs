using FastCms.Data.Migrations;
using FastCms.Kernel;
using Microsoft.Extensions.Options;

namespace FastCms.Data;

internal static class DatabaseExtensions
{
    public static IHostApplicationBuilder AddDatabase(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();
        services.AddSingleton(sp => Database.Create(
            sp.GetRequiredService<IOptions<DatabaseOptions>>().Value,
            sp.GetRequiredService<ContentPaths>().DataDir,
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton<SystemSettings>();
        return builder;
    }
}

internal sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        DatabaseProvider provider;
        try
        {
            provider = options.ResolveProvider();
        }
        catch (InvalidOperationException)
        {
            return ValidateOptionsResult.Fail($"FastCms:Database:Provider must be 'sqlite' or 'postgres' (got '{options.Provider}').");
        }

        if (provider == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail("FastCms:Database:ConnectionString is required when FastCms:Database:Provider is 'postgres'.");
        }

        return options.SqliteLogRestartPages < 100
            ? ValidateOptionsResult.Fail($"FastCms:Database:SqliteLogRestartPages must be at least 100 (got {options.SqliteLogRestartPages}).")
            : ValidateOptionsResult.Success;
    }
}
