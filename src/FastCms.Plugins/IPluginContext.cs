using System.Diagnostics.Metrics;
using FastCms.Plugins.Data;
using Microsoft.AspNetCore.Routing;

namespace FastCms.Plugins;

/// <summary>
/// What a plugin can do, handed to <see cref="IPlugin.Register"/>. Everything registered here is staged and
/// becomes active only when <c>Register</c> returns without throwing.
/// </summary>
public interface IPluginContext : IHookContext
{
    /// <summary>The plugin's id (<see cref="PluginMeta.Id"/>).</summary>
    string PluginId { get; }

    /// <summary>The absolute path of the plugin's folder (templates, static files, data files).</summary>
    string Directory { get; }

    /// <summary>
    /// The plugin's own meter (name <c>FastCms.Plugins.{id}</c>, tagged <c>plugin={id}</c>); instruments created on
    /// it are exported with the host's metrics.
    /// </summary>
    Meter Meter { get; }

    /// <summary>
    /// Mounts a route group at <c>/api/v1/plugins{prefix}</c>. The prefix starts with <c>/</c> and consists of
    /// slug segments (<c>/hello-world</c>, <c>/shop/v2</c>); a prefix another plugin uses fails this plugin.
    /// Routes are public unless they call <c>RequireAuth()</c> or <c>RequireAdmin()</c>.
    /// </summary>
    /// <param name="prefix">The group's path under <c>/api/v1/plugins</c>.</param>
    /// <returns>A group to map endpoints on (<c>MapGet</c>, <c>MapPost</c>, …).</returns>
    RouteGroupBuilder IncludeRouter(string prefix);

    /// <summary>Adds an entry to the admin sidebar. Nav ids are unique across all plugins.</summary>
    /// <param name="navId">A unique id that marks the entry as active.</param>
    /// <param name="label">The entry's text.</param>
    /// <param name="icon">A Font Awesome class such as <c>fa-star</c>.</param>
    /// <param name="url">The page it opens, usually <c>/admin/plugins/{id}</c>.</param>
    void AddAdminPage(string navId, string label, string icon, string url);

    /// <summary>
    /// The current value of a setting (JSON in table <c>plugin_settings</c>), or <paramref name="defaultValue"/>
    /// when it is not set or cannot be read as <typeparamref name="T"/>. Changes made through the admin API are
    /// seen at once, without a restart.
    /// </summary>
    /// <param name="key">The setting's key.</param>
    /// <param name="defaultValue">What to return when the setting is absent.</param>
    /// <typeparam name="T">Any JSON-serialisable type.</typeparam>
    /// <returns>The current value.</returns>
    T GetSetting<T>(string key, T defaultValue);

    /// <summary>Stores a setting (as JSON); <c>null</c> removes it. Raises the plugin's settings-changed handlers.</summary>
    /// <param name="key">The setting's key.</param>
    /// <param name="value">The new value.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <typeparam name="T">Any JSON-serialisable type.</typeparam>
    /// <returns>A task that completes once the value is stored.</returns>
    Task SetSettingAsync<T>(string key, T value, CancellationToken cancellationToken = default);

    /// <summary>Runs <paramref name="handler"/> after the plugin's settings changed (through the admin API or <see cref="SetSettingAsync"/>).</summary>
    /// <param name="handler">The handler; exceptions are logged.</param>
    void OnSettingsChanged(PluginSettingsChangedHandler handler);

    /// <summary>
    /// Declares typed settings: each public read/write property of <typeparamref name="T"/> is a setting whose
    /// key is the property name in snake_case, whose default is the property's initial value, described by
    /// <c>[Description]</c> and hidden by <see cref="SecretAttribute"/>. The admin API validates values against
    /// this schema and the admin UI renders a form for it.
    /// </summary>
    /// <typeparam name="T">A class with a public parameterless constructor.</typeparam>
    /// <returns>An accessor whose <see cref="IPluginSettings{T}.Current"/> is always up to date.</returns>
    IPluginSettings<T> UseSettings<T>() where T : class, new();

    /// <summary>
    /// Declares the plugin's database: the entities of <typeparamref name="TContext"/> get tables named after the plugin,
    /// created and extended at startup (before the plugin becomes active); removing or retyping a property needs an
    /// explicit migration (<see cref="Migrations"/>). Route handlers can take <typeparamref name="TContext"/> as a
    /// parameter. A plugin has one context type.
    /// </summary>
    /// <typeparam name="TContext">A class deriving from <see cref="PluginDbContext"/> with a public constructor taking <see cref="PluginDbOptions"/>.</typeparam>
    /// <returns>An accessor for hooks and jobs.</returns>
    IPluginDatabase<TContext> UseDatabase<TContext>() where TContext : PluginDbContext;

    /// <summary>The plugin's explicit, versioned migrations.</summary>
    IPluginMigrations Migrations { get; }
}
