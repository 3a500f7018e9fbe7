namespace FastCms.PluginHost.Lifecycle;

/// <summary>
/// Why a plugin (or hook script) is not running, as data: the kind decides the status, so nothing has to guess a
/// status from the wording of a message. Only the factories create one, so a failure always has a failure status.
/// </summary>
internal sealed record PluginFailure
{
    private PluginFailure(PluginStatus kind, string message, IReadOnlyList<string> diagnostics)
    {
        Kind = kind;
        Message = message;
        Diagnostics = diagnostics;
    }

    /// <summary><c>compile_error</c>, <c>load_error</c>, <c>failed</c> or <c>incompatible</c>.</summary>
    public PluginStatus Kind { get; }

    public string Message { get; }

    /// <summary>The compiler's errors with file:line; empty for the other kinds.</summary>
    public IReadOnlyList<string> Diagnostics { get; }

    public static PluginFailure CompileError(IReadOnlyList<string> diagnostics) =>
        new(PluginStatus.CompileError, $"Compilation failed with {diagnostics.Count} error(s); see diagnostics.", diagnostics);

    public static PluginFailure LoadError(string message) => new(PluginStatus.LoadError, message, []);

    public static PluginFailure Failed(string message) => new(PluginStatus.Failed, message, []);

    public static PluginFailure Incompatible(string message) => new(PluginStatus.Incompatible, message, []);
}
