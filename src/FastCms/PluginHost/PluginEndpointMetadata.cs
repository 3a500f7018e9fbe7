namespace FastCms.PluginHost;

/// <summary>Marks an endpoint as belonging to a plugin, for metrics and diagnostics.</summary>
/// <param name="PluginId">The plugin's id.</param>
internal sealed record PluginEndpointMetadata(string PluginId);
