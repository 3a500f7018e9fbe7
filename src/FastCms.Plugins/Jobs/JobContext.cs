using Microsoft.Extensions.Logging;

namespace FastCms.Plugins.Jobs;

/// <summary>One run of a scheduled job, handed to its <see cref="ScheduledJobHandler"/>.</summary>
/// <param name="owner">The plugin id, or <c>hooks/{file}</c> for a hook script.</param>
/// <param name="name">The job's name.</param>
/// <param name="scheduledFor">The cron occurrence this run is for (UTC); for a run started by an admin, the time it was started.</param>
/// <param name="manual">Whether an admin started the run through the API.</param>
/// <param name="services">Services for this run: a scope of its own that also resolves the plugin's database context.</param>
/// <param name="logger">The owner's logger.</param>
public sealed class JobContext(string owner, string name, DateTimeOffset scheduledFor, bool manual, IServiceProvider services, ILogger logger)
{
    /// <summary>The plugin id, or <c>hooks/{file}</c> for a hook script.</summary>
    public string Owner { get; } = owner;

    /// <summary>The job's name.</summary>
    public string Name { get; } = name;

    /// <summary>The cron occurrence this run is for (UTC).</summary>
    public DateTimeOffset ScheduledFor { get; } = scheduledFor;

    /// <summary>Whether an admin started the run through the API.</summary>
    public bool Manual { get; } = manual;

    /// <summary>Services for this run (a scope of its own; also resolves the plugin's database context).</summary>
    public IServiceProvider Services { get; } = services;

    /// <summary>The owner's logger.</summary>
    public ILogger Logger { get; } = logger;
}

/// <summary>A scheduled job's work.</summary>
/// <param name="job">The run.</param>
/// <param name="cancellationToken">Cancelled when the server shuts down.</param>
/// <returns>A task that completes when the run is done; an exception marks the run failed.</returns>
public delegate ValueTask ScheduledJobHandler(JobContext job, CancellationToken cancellationToken);
