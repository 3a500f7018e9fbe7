namespace FastCms.Plugins;

/// <summary>
/// A plugin's identity and requirements.
/// </summary>
/// <param name="Id">
/// A URL-safe slug, unique among installed plugins: lowercase letters and digits, words separated by <c>-</c> or
/// <c>_</c> (for example <c>hello-world</c>). Keys the plugin's settings, tables and metrics.
/// </param>
/// <param name="Name">A human-readable name.</param>
/// <param name="Version">A semantic version such as <c>1.0.0</c>.</param>
public sealed record PluginMeta(string Id, string Name, string Version)
{
    /// <summary>Who wrote the plugin.</summary>
    public string Author { get; init; } = "";

    /// <summary>One or two sentences on what the plugin does.</summary>
    public string Description { get; init; } = "";

    /// <summary>
    /// Other plugins this one needs. They register before this plugin; if one is missing, not active, out of
    /// range or part of a cycle, this plugin is reported as <c>failed</c> with the reason.
    /// </summary>
    public IReadOnlyList<PluginDependency> Dependencies { get; init; } = [];

    /// <summary>
    /// Optional npm-style range of host API versions the plugin supports (for example <c>^1.0</c>); compared
    /// with <see cref="PluginApi.Version"/>. When empty, any host with the same major version is accepted.
    /// </summary>
    public string HostApi { get; init; } = "";
}

/// <summary>A dependency on another plugin.</summary>
/// <param name="Id">The other plugin's id.</param>
/// <param name="VersionRange">An npm-style range such as <c>^1.2</c>, <c>&gt;=1.0.0 &lt;2.0.0</c> or <c>*</c> (any).</param>
public sealed record PluginDependency(string Id, string VersionRange = "*");
