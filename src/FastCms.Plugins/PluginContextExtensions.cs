using FastCms.Plugins.Data;
using FastCms.Plugins.Events;
using FastCms.Plugins.Jobs;
using Microsoft.AspNetCore.Http;

namespace FastCms.Plugins;

/// <summary>Shorter overloads of the registrations for handlers that need no cancellation token.</summary>
public static class PluginContextExtensions
{
    /// <summary>After-hook for created records: <c>ctx.OnRecordCreate("posts", async e => …)</c>.</summary>
    /// <param name="ctx">The plugin context.</param>
    /// <param name="collection">A collection name, or <c>null</c> for every collection.</param>
    /// <param name="handler">The after-hook.</param>
    /// <param name="priority">Higher runs first.</param>
    public static void OnRecordCreate(this IHookContext ctx, string? collection, Func<RecordEvent, Task> handler, int priority = 0) =>
        ctx.OnRecordCreate(collection, (e, _) => new ValueTask(handler(e)), priority);

    /// <summary>After-hook for updated records.</summary>
    /// <param name="ctx">The plugin context.</param>
    /// <param name="collection">A collection name, or <c>null</c> for every collection.</param>
    /// <param name="handler">The after-hook.</param>
    /// <param name="priority">Higher runs first.</param>
    public static void OnRecordUpdate(this IHookContext ctx, string? collection, Func<RecordEvent, Task> handler, int priority = 0) =>
        ctx.OnRecordUpdate(collection, (e, _) => new ValueTask(handler(e)), priority);

    /// <summary>After-hook for deleted records.</summary>
    /// <param name="ctx">The plugin context.</param>
    /// <param name="collection">A collection name, or <c>null</c> for every collection.</param>
    /// <param name="handler">The after-hook.</param>
    /// <param name="priority">Higher runs first.</param>
    public static void OnRecordDelete(this IHookContext ctx, string? collection, Func<RecordEvent, Task> handler, int priority = 0) =>
        ctx.OnRecordDelete(collection, (e, _) => new ValueTask(handler(e)), priority);

    /// <summary>Before-hook for creates that completes synchronously: <c>ctx.OnRecordCreating("posts", c => { … })</c>.</summary>
    /// <param name="ctx">The plugin context.</param>
    /// <param name="collection">A collection name, or <c>null</c> for every collection.</param>
    /// <param name="handler">The before-hook; may change <see cref="RecordChange.Data"/> or call <see cref="RecordChange.Reject"/>.</param>
    /// <param name="priority">Higher runs first.</param>
    public static void OnRecordCreating(this IHookContext ctx, string? collection, Action<RecordChange> handler, int priority = 0) =>
        ctx.OnRecordCreating(collection, (c, _) => { handler(c); return ValueTask.CompletedTask; }, priority);

    /// <summary>Before-hook for updates that completes synchronously.</summary>
    /// <param name="ctx">The plugin context.</param>
    /// <param name="collection">A collection name, or <c>null</c> for every collection.</param>
    /// <param name="handler">The before-hook.</param>
    /// <param name="priority">Higher runs first.</param>
    public static void OnRecordUpdating(this IHookContext ctx, string? collection, Action<RecordChange> handler, int priority = 0) =>
        ctx.OnRecordUpdating(collection, (c, _) => { handler(c); return ValueTask.CompletedTask; }, priority);

    /// <summary>Before-hook for deletes that completes synchronously.</summary>
    /// <param name="ctx">The plugin context.</param>
    /// <param name="collection">A collection name, or <c>null</c> for every collection.</param>
    /// <param name="handler">The before-hook.</param>
    /// <param name="priority">Higher runs first.</param>
    public static void OnRecordDeleting(this IHookContext ctx, string? collection, Action<RecordChange> handler, int priority = 0) =>
        ctx.OnRecordDeleting(collection, (c, _) => { handler(c); return ValueTask.CompletedTask; }, priority);

    /// <summary>
    /// An admin page whose model is built synchronously (or that needs none):
    /// <c>ctx.MapAdminPage("/", "index.liquid", http => new { count = 3 })</c>. See
    /// <see cref="IPluginContext.MapAdminPage(string, string, Func{HttpContext, CancellationToken, Task{object}}, string)"/>.
    /// </summary>
    /// <param name="ctx">The plugin context.</param>
    /// <param name="path">The page's path below <c>/admin/plugins/{id}</c>, such as <c>/</c> or <c>/reports</c>.</param>
    /// <param name="template">The template's path relative to the plugin's <c>templates/</c> folder.</param>
    /// <param name="model">Builds the model for each request; <c>null</c> for a page without one.</param>
    /// <param name="title">The page heading; by default the sidebar entry's label or the plugin's name.</param>
    public static void MapAdminPage(this IPluginContext ctx, string path, string template, Func<HttpContext, object?>? model = null, string? title = null) =>
        ctx.MapAdminPage(path, template, (http, _) => Task.FromResult(model?.Invoke(http)), title);

    /// <summary>A scheduled job whose handler needs no cancellation token: <c>ctx.Schedule("cleanup", "@daily", async job => …)</c>.</summary>
    /// <param name="ctx">The plugin or hook script context.</param>
    /// <param name="name">A name unique within the owner.</param>
    /// <param name="cron">A cron expression (five fields, or six with seconds) or a macro such as <c>@daily</c>.</param>
    /// <param name="job">The work.</param>
    /// <param name="timeZone">The time zone the expression is read in; UTC when <c>null</c>.</param>
    public static void Schedule(this IHookContext ctx, string name, string cron, Func<JobContext, Task> job, TimeZoneInfo? timeZone = null) =>
        ctx.Schedule(name, cron, (j, _) => new ValueTask(job(j)), timeZone);

    /// <summary>A migration whose body needs no cancellation token.</summary>
    /// <param name="migrations">The plugin's migrations.</param>
    /// <param name="version">A positive number, unique within the plugin.</param>
    /// <param name="description">What the migration does.</param>
    /// <param name="up">The change.</param>
    public static void Add(this IPluginMigrations migrations, int version, string description, Func<PluginDbContext, Task> up) =>
        migrations.Add(version, description, (db, _) => up(db));
}
