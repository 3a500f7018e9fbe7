namespace FastCms.Jobs;

internal static class JobsExtensions
{
    /// <summary>The scheduler for plugin and hook-script jobs, and their run history.</summary>
    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<JobRuns>();
        services.AddSingleton<JobScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<JobScheduler>());
        return builder;
    }
}
