using FastCms.Plugins.Events;
using FastCms.Plugins.Jobs;
using Microsoft.Extensions.Logging;

namespace FastCms.Plugins;

/// <summary>
/// What both plugins and hook scripts can register: record hooks and scheduled jobs. Registrations are staged and
/// become active only when <c>Register</c> returns without throwing.
/// </summary>
public interface IHookContext
{
    /// <summary>A logger whose category names the owner (<c>Plugin.{id}</c> or <c>Hooks.{file}</c>).</summary>
    ILogger Logger { get; }

    /// <summary>The host's root services (singletons such as <c>ILoggerFactory</c>, <c>TimeProvider</c>, <c>IRecords</c>).</summary>
    IServiceProvider Services { get; }

    /// <summary>Runs <paramref name="handler"/> after a record is created and committed.</summary>
    /// <param name="collection">A collection name, or <c>null</c> for every collection.</param>
    /// <param name="handler">The after-hook; exceptions are logged and counted, never affect the request.</param>
    /// <param name="priority">Higher runs first; equal priorities run in plugin load order.</param>
    void OnRecordCreate(string? collection, RecordEventHandler handler, int priority = 0);

    /// <summary>Runs <paramref name="handler"/> after a record is updated and committed.</summary>
    /// <param name="collection">A collection name, or <c>null</c> for every collection.</param>
    /// <param name="handler">The after-hook.</param>
    /// <param name="priority">Higher runs first.</param>
    void OnRecordUpdate(string? collection, RecordEventHandler handler, int priority = 0);

    /// <summary>Runs <paramref name="handler"/> after a record is deleted and committed.</summary>
    /// <param name="collection">A collection name, or <c>null</c> for every collection.</param>
    /// <param name="handler">The after-hook.</param>
    /// <param name="priority">Higher runs first.</param>
    void OnRecordDelete(string? collection, RecordEventHandler handler, int priority = 0);

    /// <summary>
    /// Runs <paramref name="handler"/> inside the transaction before a record is created; it may change
    /// <see cref="RecordChange.Data"/> or reject the write with <see cref="RecordChange.Reject"/>.
    /// </summary>
    /// <param name="collection">A collection name, or <c>null</c> for every collection.</param>
    /// <param name="handler">The before-hook.</param>
    /// <param name="priority">Higher runs first.</param>
    void OnRecordCreating(string? collection, RecordChangeHandler handler, int priority = 0);

    /// <summary>Runs <paramref name="handler"/> inside the transaction before a record is updated.</summary>
    /// <param name="collection">A collection name, or <c>null</c> for every collection.</param>
    /// <param name="handler">The before-hook.</param>
    /// <param name="priority">Higher runs first.</param>
    void OnRecordUpdating(string? collection, RecordChangeHandler handler, int priority = 0);

    /// <summary>Runs <paramref name="handler"/> inside the transaction before a record is deleted.</summary>
    /// <param name="collection">A collection name, or <c>null</c> for every collection.</param>
    /// <param name="handler">The before-hook.</param>
    /// <param name="priority">Higher runs first.</param>
    void OnRecordDeleting(string? collection, RecordChangeHandler handler, int priority = 0);

    /// <summary>Runs <paramref name="handler"/> after every committed record and collection event.</summary>
    /// <param name="handler">The handler.</param>
    /// <param name="priority">Higher runs first.</param>
    void OnAnyEvent(FastCmsEventHandler handler, int priority = 0);

    /// <summary>
    /// Runs <paramref name="job"/> on a cron schedule. A job never overlaps itself: a tick that comes while the previous
    /// run is still going is skipped. When several servers share a PostgreSQL database, each tick runs on one of them.
    /// Failures are logged and counted; the next tick runs as usual.
    /// </summary>
    /// <param name="name">A name unique within the owner: letters, digits, <c>-</c> and <c>_</c>.</param>
    /// <param name="cron">
    /// A cron expression with five fields (<c>0 3 * * *</c>: daily at 03:00) or six with seconds first
    /// (<c>*/10 * * * * *</c>), or a macro such as <c>@hourly</c> or <c>@daily</c>.
    /// </param>
    /// <param name="job">The work.</param>
    /// <param name="timeZone">The time zone the expression is read in; UTC when <c>null</c>.</param>
    void Schedule(string name, string cron, ScheduledJobHandler job, TimeZoneInfo? timeZone = null);
}

/// <summary>
/// A drop-in hook script: a single <c>hooks/*.cs</c> file holding one class that implements this interface (with a
/// public parameterless constructor). The host compiles it at startup and calls <see cref="Register"/> once.
/// </summary>
public interface IHookScript
{
    /// <summary>Registers the script's record hooks and jobs. If this throws, nothing it registered becomes active.</summary>
    /// <param name="ctx">The registration context.</param>
    void Register(IHookContext ctx);
}
