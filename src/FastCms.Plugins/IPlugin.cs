namespace FastCms.Plugins;

/// <summary>
/// The entry point of a plugin. A plugin folder holds exactly one concrete class implementing this interface,
/// with a public parameterless constructor. The host reads <see cref="Meta"/>, then calls
/// <see cref="Register"/> once at startup.
/// </summary>
public interface IPlugin
{
    /// <summary>Who the plugin is: id, name, version and what it needs.</summary>
    PluginMeta Meta { get; }

    /// <summary>
    /// Declares everything the plugin contributes: routes, hooks, admin pages, settings. Registration is all or
    /// nothing: if this method throws, nothing it registered becomes active and the plugin is reported as
    /// <c>failed</c> with the exception message.
    /// </summary>
    /// <param name="ctx">The registration context for this plugin.</param>
    void Register(IPluginContext ctx);
}

/// <summary>The version of the plugin API this contract assembly provides.</summary>
public static class PluginApi
{
    /// <summary>
    /// The host API version (semantic version). Plugins built against another major version are reported as
    /// <c>incompatible</c>; <see cref="PluginMeta.HostApi"/> may narrow the range further.
    /// </summary>
    public const string Version = "1.1.0";
}
