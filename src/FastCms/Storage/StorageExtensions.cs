using FastCms.Kernel;
using Microsoft.Extensions.Options;

namespace FastCms.Storage;

internal static class StorageExtensions
{
    /// <summary>The values <see cref="StorageOptions.Provider"/> accepts; a backend added here gets a case in <see cref="FileStorages.Create"/>.</summary>
    public static readonly string[] Providers = ["local", "s3"];

    public static IHostApplicationBuilder AddFileStorage(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddOptions<S3StorageOptions>().BindConfiguration(S3StorageOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<S3StorageOptions>, S3StorageOptionsValidator>();
        services.AddSingleton(sp => FileStorages.Create(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.Provider,
            sp.GetRequiredService<IOptions<StorageOptions>>().Value,
            sp.GetRequiredService<IOptions<S3StorageOptions>>().Value,
            sp.GetRequiredService<ContentPaths>()));
        return builder;
    }

    /// <summary>The S3 settings are checked only when S3 is in use (as the server's backend).</summary>
    private sealed class S3StorageOptionsValidator(IOptions<StorageOptions> storage) : IValidateOptions<S3StorageOptions>
    {
        public ValidateOptionsResult Validate(string? name, S3StorageOptions options) =>
            storage.Value.Provider.Equals("s3", StringComparison.OrdinalIgnoreCase) && options.Problem() is { } problem
                ? ValidateOptionsResult.Fail(problem)
                : ValidateOptionsResult.Success;
    }
}
