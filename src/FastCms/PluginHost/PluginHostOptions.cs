using Microsoft.Extensions.Options;

namespace FastCms.PluginHost;

/// <summary>Settings of section <c>FastCms:Plugins</c>.</summary>
internal sealed class PluginHostOptions
{
    public const string Section = "FastCms:Plugins";

    /// <summary>
    /// How long one plugin's <c>Register</c> may run. The server waits for it before it listens, so a plugin that
    /// sleeps or blocks in <c>Register</c> is failed past this budget instead of keeping everything offline.
    /// </summary>
    public int RegisterTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Recompiles a plugin when its files change and swaps it in without a restart; <c>null</c> (the default) means on
    /// in the Development environment and off elsewhere.
    /// </summary>
    public bool? Watch { get; set; }

    public TimeSpan RegisterTimeout => TimeSpan.FromSeconds(RegisterTimeoutSeconds);

    /// <summary>When a long <c>Register</c> is reported in the log while the server still waits for it.</summary>
    public TimeSpan RegisterWarning => TimeSpan.FromSeconds(Math.Min(5, RegisterTimeoutSeconds / 2.0));
}

internal sealed class PluginHostOptionsValidator : IValidateOptions<PluginHostOptions>
{
    public ValidateOptionsResult Validate(string? name, PluginHostOptions options) =>
        options.RegisterTimeoutSeconds is < 1 or > 3600
            ? ValidateOptionsResult.Fail($"FastCms:Plugins:RegisterTimeoutSeconds must be between 1 and 3600 (got {options.RegisterTimeoutSeconds}).")
            : ValidateOptionsResult.Success;
}
