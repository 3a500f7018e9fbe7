using FastCms.Admin;
using FastCms.Auth;
using FastCms.Collections;
using FastCms.Data;
using FastCms.Events;
using FastCms.Health;
using FastCms.HookScripts;
using FastCms.Hosting;
using FastCms.Jobs;
using FastCms.Metrics;
using FastCms.PluginHost;
using FastCms.RateLimits;
using FastCms.Records;
using FastCms.Scaffolding;
using FastCms.Setup;
using FastCms.Users;

if (PluginNewCommand.TryRun(args) is { } exitCode)
{
    return exitCode;
}

var builder = WebApplication.CreateBuilder(HostingExtensions.WithHostDefaults(args));

builder.AddShippedDefaults();
builder.AddFastCmsHosting();
builder.AddDatabase();
builder.AddEvents();
builder.AddFastCmsAuth();
builder.AddClientRateLimiting();
builder.AddJobs();
builder.AddPlugins();
builder.AddHookScripts();
builder.AddMetrics();
builder.AddRecords();
builder.AddApiDocs();
builder.AddAdminUi();

var app = builder.Build();

app.UseFastCmsPipeline();

app.MapHealthApi();
app.MapSetupApi();
app.MapAuthApi();
app.MapAdminUsersApi();
app.MapPlugins();
app.MapAdminJobsApi();
app.MapAdminHooksApi();
app.MapMetricsApi();
app.MapCollectionsApi();
app.MapRecordsApi();
app.MapApiDocs();
app.MapAdminUi();

return await app.RunFastCmsAsync();

public partial class Program;
