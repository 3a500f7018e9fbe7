using FastCms.Jobs;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FastCms.Admin.Pages.Jobs;

/// <summary>A scheduled job with its last run (on any instance).</summary>
internal sealed record JobRow(JobState State, JobRunRecord? LastRun)
{
    public JobDefinition Job => State.Definition;
}

/// <summary>
/// Every scheduled job — of plugins and hook scripts — with its schedule, last run and next run, and "Run now", which
/// runs it through the scheduler exactly like <c>POST /api/v1/admin/jobs/{plugin}/{name}/run</c>.
/// </summary>
internal sealed class JobsIndexModel(JobScheduler scheduler, JobRuns runs) : PageModel
{
    [TempData]
    public string? Flash { get; set; }

    /// <summary>A run that did not succeed, shown as an error after the redirect.</summary>
    [TempData]
    public string? RunProblem { get; set; }

    public IReadOnlyList<JobRow> Jobs { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var latest = await runs.LatestAsync(cancellationToken);
        Jobs = [.. scheduler.Jobs.Select(state => new JobRow(state, latest.GetValueOrDefault(state.Definition.Key)))];
    }

    public async Task<IActionResult> OnPostRunAsync([FromForm(Name = "owner")] string? owner, [FromForm(Name = "name")] string? name)
    {
        if (owner is null || name is null || scheduler.Find(owner, name) is not { } state)
        {
            return NotFound();
        }

        var result = await scheduler.RunNowAsync(state);
        var label = $"Job {name} of {owner}";
        switch (result)
        {
            case { Run: { Status: "succeeded" } }:
                Flash = $"{label} ran and succeeded.";
                break;
            case { Run: { } run }:
                RunProblem = $"{label} ran and {run.Status}{(run.Error is { Length: > 0 } error ? $": {error}" : ".")}";
                break;
            case { Outcome: JobRunOutcome.Busy }:
                RunProblem = $"{label} is running right now; runs of a job never overlap. Try again when it has finished.";
                break;
            default:
                RunProblem = $"{label} could not be started; the server log says why (request id {HttpContext.TraceIdentifier}).";
                break;
        }

        return Redirect("/admin/jobs");
    }

    public static string ResultClass(string? status) => status switch
    {
        "succeeded" => "success",
        "running" => "accent",
        null => "",
        _ => "danger",
    };
}
