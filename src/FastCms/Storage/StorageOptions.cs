using Microsoft.Extensions.Options;

namespace FastCms.Storage;

/// <summary>Where uploaded files live (section <c>FastCms:Storage</c>).</summary>
internal sealed class StorageOptions
{
    public const string Section = "FastCms:Storage";

    /// <summary><c>local</c> (a folder on disk, the default) or <c>s3</c>.</summary>
    public string Provider { get; set; } = "local";

    public LocalStorageOptions Local { get; set; } = new();
}

internal sealed class LocalStorageOptions
{
    /// <summary>The folder files are kept in; a relative path resolves against the data folder.</summary>
    public string Root { get; set; } = "storage";
}

internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options) =>
        StorageExtensions.Providers.Contains(options.Provider, StringComparer.OrdinalIgnoreCase)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"FastCms:Storage:Provider must be one of {string.Join(", ", StorageExtensions.Providers.Select(p => $"'{p}'"))} (got '{options.Provider}').");
}
