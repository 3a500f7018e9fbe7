namespace FastCms.PluginHost.Loading;

/// <summary>
/// A plugin whose assembly is already loaded in the host's process, and the folder its templates and static files are
/// read from. The plugin test kit hands the plugin under test over this way: compiling or loading its folder again
/// would give it types of its own, and the test could not use the plugin's settings class or database context.
/// </summary>
/// <param name="Type">The plugin's <c>IPlugin</c> class.</param>
/// <param name="Folder">The name the plugin is listed under, as a folder name would be.</param>
/// <param name="Path">The plugin's folder (templates/, static/); it need not hold any code.</param>
internal sealed record PreloadedPlugin(Type Type, string Folder, string Path);
