using FastCms.Admin.Dashboard;
using FastCms.Data;
using FastCms.Health;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FastCms.Admin.Pages;

internal sealed class DashboardModel(
    IEnumerable<IDashboardStatSource> sources,
    RecentErrorLog recentErrors,
    Database database,
    ILogger<DashboardModel> logger) : PageModel
{
    private const int ShownErrors = 10;

    private static readonly DateTime ProcessStarted = System.Diagnostics.Process.GetCurrentProcess().StartTime.ToUniversalTime();

    public List<DashboardStat> Stats { get; } = [];

    public List<string> FailedSources { get; } = [];

    public IReadOnlyList<RecentError> Errors { get; private set; } = [];

    public string Version => HealthApi.Version;

    public string Database => database.Description;

    public DateTime StartedAt => ProcessStarted;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        foreach (var source in sources)
        {
            try
            {
                Stats.AddRange(await source.GetStatsAsync(cancellationToken));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Dashboard figures of {Source} failed", source.Name);
                FailedSources.Add(source.Name);
            }
        }

        Stats.Sort((a, b) => a.Order.CompareTo(b.Order));
        Errors = recentErrors.Latest(ShownErrors);
    }
}
