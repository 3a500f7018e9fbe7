using FastCms.Admin;
using FastCms.AdminUsers;
using FastCms.Auth;
using FastCms.Collections;
using FastCms.Data;
using FastCms.Events;
using FastCms.Files;
using FastCms.Health;
using FastCms.HookScripts;
using FastCms.Jobs;
using FastCms.Metrics;
using FastCms.PluginHost;
using FastCms.RateLimits;
using FastCms.Realtime;
using FastCms.Records;
using FastCms.Scaffolding;
using FastCms.Setup;
using FastCms.Storage;
using FastCms.Startup;
using FastCms.Webhooks;

if (PluginNewCommand.TryRun(args) is { } exitCode)
{
    return exitCode;
}

if (StorageCopyCommand.TryRunAsync(args) is { } storageCommand)
{
    return await storageCommand;
}

var builder = WebApplication.CreateBuilder(HostingExtensions.WithHostDefaults(args));

builder.AddShippedDefaults();
builder.AddFastCmsHosting();
builder.AddDatabase();
builder.AddFileStorage();
builder.AddEvents();
builder.AddFastCmsAuth();
builder.AddUserAdministration();
builder.AddClientRateLimiting();
builder.AddJobs();
builder.AddPlugins();
builder.AddHookScripts();
builder.AddMetrics();
builder.AddRecords();
builder.AddFiles();
builder.AddWebhooks();
builder.AddRealtime();
builder.AddApiDocs();
builder.AddAdminUi();

var app = builder.Build();
if (await app.RefuseInvalidConfigurationAsync() is { } refused)
{
    return refused;
}

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
app.MapFilesApi();
app.MapWebhooksApi();
app.MapRealtimeApi();
app.MapApiDocs();
app.MapAdminUi();

return await app.RunAfterStartupAsync(
    StartupSteps.ValidateConfigurationAsync,
    StartupSteps.ApplyMigrationsAsync,
    StartupSteps.LoadSigningKeyAsync,
    StartupSteps.LoadPluginsAsync,
    StartupSteps.LoadHookScriptsAsync,
    StartupSteps.RunSetupAsync);

public partial class Program;
