using System.Diagnostics.Metrics;
using FastCms.Plugins.Data;
using FastCms.Plugins.Events;
using FastCms.Plugins.Realtime;
using Microsoft.AspNetCore.Http;
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
    /// Serves an admin page at <c>/admin/plugins/{id}{path}</c>, rendered inside the admin layout from a Liquid
    /// template in the plugin's <c>templates/</c> folder — no build step; the template is re-read when it changes.
    /// Only admins signed in to the admin UI can open it. Values are HTML-encoded unless a template writes
    /// <c>{{ value | raw }}</c>. Besides <c>model</c>, templates see <c>plugin</c> (id, name, version, url,
    /// static_url, settings_url), <c>settings</c> (current values, secrets masked), <c>request</c> (path, query,
    /// route), <c>user</c> (id, email) and <c>antiforgery_field</c>, the hidden input a form posting back to the
    /// plugin's admin routes (<see cref="IncludeAdminRouter"/>) needs. The admin's Content Security Policy allows no
    /// inline scripts or styles: ship them as files in the plugin's <c>static/</c> folder, served at
    /// <c>/admin/plugins/{id}/static/…</c>. A missing template, a Liquid error or an exception in
    /// <paramref name="model"/> shows a readable error page.
    /// </summary>
    /// <param name="path">The page's path below <c>/admin/plugins/{id}</c>: <c>/</c> for the plugin's main page, or slug
    /// segments such as <c>/reports</c>; later segments may be route parameters (<c>/notes/{noteId}</c>). Paths
    /// under <c>/static</c> and <c>/settings</c> are the host's.</param>
    /// <param name="template">The template's path relative to <c>templates/</c>, such as <c>index.liquid</c>; it must stay inside that folder.</param>
    /// <param name="model">Builds the page's model for each request; it is exposed to the template as <c>model</c>,
    /// with property names in snake_case (as in the JSON API).</param>
    /// <param name="title">The page heading; by default the label of the plugin's sidebar entry for this address, or the plugin's name.</param>
    void MapAdminPage(string path, string template, Func<HttpContext, CancellationToken, Task<object?>> model, string? title = null);

    /// <summary>
    /// A route group at <c>/admin/plugins/{id}</c> for the plugin's admin actions, such as the form posts of its
    /// admin pages. Every route requires an admin signed in to the admin UI (a browser without a session is sent to
    /// the login page), and every request other than GET or HEAD must carry the anti-forgery token
    /// (<c>{{ antiforgery_field }}</c> in the form) or is refused with <c>400</c>; <c>AllowAnonymous()</c> does not open a
    /// route to others. Leave <c>/static</c> and <c>/settings</c> to the host (its static files and settings editor).
    /// </summary>
    /// <returns>A group to map endpoints on, e.g. <c>MapPost("/reset", …)</c> answering with a redirect.</returns>
    RouteGroupBuilder IncludeAdminRouter();

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

    /// <summary>Records' files: read, open, attach and delete (see <see cref="IRecordFiles"/>).</summary>
    IRecordFiles Files { get; }

    /// <summary>
    /// Runs <paramref name="handler"/> for each committed record event of <paramref name="collection"/>, durably: the
    /// event is stored in the outbox in the write's own transaction and handed to the handler after commit, at least
    /// once, surviving restarts and crashes, and on one instance only when several share a PostgreSQL database. A
    /// failing handler is tried again with backoff; failures are shown per plugin and handler in the admin. Use it for
    /// side effects that must not be lost (emails, payments, syncing another system); use <c>OnRecordCreate</c> and the
    /// other in-memory after-hooks for work that may be lost in a crash (caches, metrics). Deliveries for the plugin wait
    /// while it is disabled; events committed while it is disabled are not delivered to it.
    /// </summary>
    /// <param name="name">Names the handler among the plugin's durable handlers, across restarts: letters, digits, <c>-</c> and <c>_</c>.</param>
    /// <param name="collection">A collection name, or <c>null</c> for every collection.</param>
    /// <param name="handler">The handler; it receives the event id, stable across attempts, to act only once.</param>
    void OnRecordCommitted(string name, string? collection, DurableEventHandler handler);

    /// <summary>
    /// Realtime: the plugin's own topics (<c>ctx.Realtime.Publish("chat/room1", payload)</c>) with a check of who may
    /// subscribe to them, and hooks on connect, subscribe and each message sent.
    /// </summary>
    IPluginRealtime Realtime { get; }
}
