using FastCms.Plugins;
using FastCms.Records.Files;
using Microsoft.Extensions.Options;

namespace FastCms.Files;

internal static class FilesExtensions
{
    /// <summary>File fields: uploads, their lifecycle and cleanup, downloads, thumbnails, file tokens and the plugin files service.</summary>
    public static IHostApplicationBuilder AddFiles(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<FilesOptions>().BindConfiguration(FilesOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FilesOptions>, FilesOptionsValidator>();
        services.AddSingleton<FileCleanup>();
        services.AddHostedService(sp => sp.GetRequiredService<FileCleanup>());
        services.AddSingleton<RecordFiles>();
        services.AddSingleton<FileUploader>();
        services.AddSingleton<MultipartRecordReader>();
        services.AddSingleton<FileTokens>();
        services.AddSingleton<Thumbnailer>();
        services.AddSingleton<FileAccessCache>();
        services.AddSingleton<IRecordFiles, PluginFiles>();
        return builder;
    }
}
