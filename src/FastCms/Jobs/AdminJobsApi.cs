using FastCms.Kernel;
using FastCms.Plugins;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FastCms.Jobs;

internal sealed record JobRunResponse(
    string Status, DateTimeOffset ScheduledFor, bool Manual, string Instance, DateTimeOffset Started, DateTimeOffset? Finished, string? Error)
{
    public static JobRunResponse? From(JobRunRecord? run) =>
        run is null ? null : new(run.Status, run.ScheduledFor, run.Manual, run.Instance, run.Started, run.Finished, run.Error);
}

/// <param name="Plugin">The owner: a plugin id, or <c>hooks/{file}</c> for a hook script.</param>
/// <param name="LastResult">The status of the last run on any instance: <c>succeeded</c>, <c>failed</c>, <c>cancelled</c> or <c>running</c>.</param>
/// <param name="Runs">Runs on this instance since it started; <c>Failures</c> and <c>Skipped</c> likewise.</param>
internal sealed record JobResponse(
    string Plugin,
    string Name,
    string Schedule,
    string TimeZone,
    DateTimeOffset? NextRun,
    bool Running,
    JobRunResponse? LastRun,
    string? LastResult,
    long Runs,
    long Failures,
    long Skipped);

/// <summary>The admin jobs API: every scheduled job with its schedule and last run, and a way to run one now.</summary>
internal static class AdminJobsApi
{
    public static RouteGroupBuilder MapAdminJobsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/admin/jobs").WithTags("Admin: jobs").RequireAdmin();
        api.MapGet("/", List);
        api.MapPost("/{plugin}/{name}/run", (string plugin, string name, JobScheduler scheduler) => RunAsync(plugin, name, scheduler));
        api.MapPost("/hooks/{file}/{name}/run", (string file, string name, JobScheduler scheduler) => RunAsync("hooks/" + file, name, scheduler));
        return api;
    }

    private static async Task<Ok<List<JobResponse>>> List(JobScheduler scheduler, JobRuns runs, CancellationToken cancellationToken)
    {
        var latest = await runs.LatestAsync(cancellationToken);
        return TypedResults.Ok(scheduler.Jobs.Select(state =>
        {
            var job = state.Definition;
            var last = latest.GetValueOrDefault(job.Key);
            return new JobResponse(
                job.Owner, job.Name, job.Cron, job.TimeZone.Id, state.NextRun, state.Running, JobRunResponse.From(last), last?.Status,
                state.Runs, state.Failures, state.Skipped);
        }).ToList());
    }

    private static async Task<Results<Ok<JobRunResponse>, ProblemHttpResult>> RunAsync(string owner, string name, JobScheduler scheduler)
    {
        if (scheduler.Find(owner, name) is not { } state)
        {
            return Problems.NotFound($"No job '{name}' of '{owner}' is scheduled.");
        }

        var result = await scheduler.RunNowAsync(state);
        return result switch
        {
            { Run: { } run } => TypedResults.Ok(JobRunResponse.From(run)!),
            { Outcome: JobRunOutcome.Busy } => Problems.Conflict($"Job '{name}' of '{owner}' is running; runs of a job never overlap. Try again when it has finished."),
            _ => Problems.Status(StatusCodes.Status503ServiceUnavailable, $"Job '{name}' of '{owner}' could not be started; see the server log."),
        };
    }
}
