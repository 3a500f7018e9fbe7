namespace FastCms.Kernel;

/// <summary>Top-level settings (section <c>FastCms</c>): folders, CORS and trusted proxies.</summary>
internal sealed class FastCmsOptions
{
    public const string Section = "FastCms";

    /// <summary>Folder for the SQLite database and caches; relative paths resolve against the content root.</summary>
    public string DataDir { get; set; } = "data";

    public string PluginsDir { get; set; } = "plugins";

    public string HooksDir { get; set; } = "hooks";

    /// <summary>Origins allowed to call the API from a browser; empty means no cross-origin access.</summary>
    public string[] CorsOrigins { get; set; } = [];

    /// <summary>Reverse proxies (IP addresses or CIDR ranges) whose <c>X-Forwarded-For</c> names the client; empty trusts none.</summary>
    public string[] TrustedProxies { get; set; } = [];
}

/// <summary>The folders FastCMS uses, resolved to absolute paths once at startup.</summary>
internal sealed class ContentPaths(string dataDir, string pluginsDir, string hooksDir)
{
    public string DataDir { get; } = dataDir;

    public string PluginsDir { get; } = pluginsDir;

    public string HooksDir { get; } = hooksDir;

    public static ContentPaths Resolve(FastCmsOptions options, string contentRoot) => new(
        Path.GetFullPath(options.DataDir, contentRoot),
        Path.GetFullPath(options.PluginsDir, contentRoot),
        Path.GetFullPath(options.HooksDir, contentRoot));
}
