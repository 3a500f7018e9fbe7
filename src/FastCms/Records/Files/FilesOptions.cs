using Microsoft.Extensions.Options;

namespace FastCms.Records.Files;

/// <summary>Server-wide limits for files (section <c>FastCms:Files</c>).</summary>
internal sealed class FilesOptions
{
    public const string Section = "FastCms:Files";

    /// <summary>The largest file any field accepts, whatever its <c>max_size</c> says.</summary>
    public long MaxFileSize { get; set; } = 100 * 1024 * 1024;

    /// <summary>The largest multipart request body (all files plus the data part).</summary>
    public long MaxRequestSize { get; set; } = 512L * 1024 * 1024;

    /// <summary>How long a file token (for protected files) stays valid.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Images with more pixels than this get no thumbnail (decompression bombs); the original is served.</summary>
    public long MaxThumbSourcePixels { get; set; } = 50_000_000;
}

internal sealed class FilesOptionsValidator : IValidateOptions<FilesOptions>
{
    public ValidateOptionsResult Validate(string? name, FilesOptions options)
    {
        var failures = new List<string>();
        if (options.MaxFileSize < 1)
        {
            failures.Add($"FastCms:Files:MaxFileSize must be a number of bytes greater than 0 (got {options.MaxFileSize}).");
        }

        if (options.MaxRequestSize < options.MaxFileSize)
        {
            failures.Add($"FastCms:Files:MaxRequestSize must be at least FastCms:Files:MaxFileSize (got {options.MaxRequestSize}).");
        }

        if (options.TokenLifetime < TimeSpan.FromSeconds(10) || options.TokenLifetime > TimeSpan.FromDays(1))
        {
            failures.Add($"FastCms:Files:TokenLifetime must be between 00:00:10 and 1.00:00:00 (got {options.TokenLifetime}).");
        }

        if (options.MaxThumbSourcePixels < 1)
        {
            failures.Add($"FastCms:Files:MaxThumbSourcePixels must be greater than 0 (got {options.MaxThumbSourcePixels}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
