using FastCms.Kernel;

namespace FastCms.Storage;

/// <summary>Builds a backend by its configuration name, for the server and for copying between backends.</summary>
internal static class FileStorages
{
    /// <summary>The backend named <paramref name="provider"/> (<c>local</c> or <c>s3</c>) with its settings.</summary>
    public static IFileStorage Create(string provider, StorageOptions storage, S3StorageOptions s3, ContentPaths paths) =>
        provider.ToLowerInvariant() switch
        {
            "local" => new LocalFileStorage(Path.GetFullPath(storage.Local.Root, paths.DataDir)),
            "s3" when s3.Problem() is { } problem => throw new InvalidOperationException(problem),
            "s3" => S3FileStorage.Create(s3),
            _ => throw new InvalidOperationException(
                $"{StorageSettingNames.Provider} must be one of {string.Join(", ", StorageExtensions.Providers.Select(p => $"'{p}'"))} (got '{provider}')."),
        };
}
