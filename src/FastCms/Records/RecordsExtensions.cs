using FastCms.Collections;

namespace FastCms.Records;

internal static class RecordsExtensions
{
    /// <summary>Collections (schema cache, DDL) and records (the service the API and plugins use).</summary>
    public static IHostApplicationBuilder AddRecords(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<SchemaCache>();
        services.AddSingleton<CollectionService>();
        services.AddSingleton<CountCache>();
        services.AddSingleton<RecordWriteChecks>();
        services.AddSingleton<RecordWritePipeline>();
        services.AddSingleton<RecordCreates>();
        services.AddSingleton<RecordUpdates>();
        services.AddSingleton<RecordDeletes>();
        services.AddSingleton<RecordService>();
        services.AddSingleton<FastCms.Plugins.IRecords, PluginRecords>();
        services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", RecordOpenApi.Describe);
        return builder;
    }
}
