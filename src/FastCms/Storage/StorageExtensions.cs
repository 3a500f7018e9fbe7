using FastCms.Kernel;
using Microsoft.Extensions.Options;

namespace FastCms.Storage;

internal static class StorageExtensions
{
    /// <summary>The values <see cref="StorageOptions.Provider"/> accepts; a backend added here gets a case below.</summary>
    public static readonly string[] Providers = ["local"];

    public static IHostApplicationBuilder AddFileStorage(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddSingleton<IFileStorage>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return options.Provider.ToLowerInvariant() switch
            {
                "local" => new LocalFileStorage(Path.GetFullPath(options.Local.Root, sp.GetRequiredService<ContentPaths>().DataDir)),
                _ => throw new InvalidOperationException($"FastCms:Storage:Provider '{options.Provider}' is not a storage backend."),
            };
        });
        return builder;
    }
}
