using FastCms.Auth;
using FastCms.Collections;
using FastCms.Data;
using FastCms.Events;
using FastCms.Health;
using FastCms.Hosting;
using FastCms.Records;
using FastCms.Setup;
using FastCms.Users;

var builder = WebApplication.CreateBuilder(args);

builder.AddFastCmsHosting();
builder.AddDatabase();
builder.AddEvents();
builder.AddFastCmsAuth();
builder.AddRecords();
builder.AddApiDocs();

var app = builder.Build();

app.UseFastCmsPipeline();

app.MapHealthApi();
app.MapSetupApi();
app.MapAuthApi();
app.MapAdminUsersApi();
app.MapCollectionsApi();
app.MapRecordsApi();
app.MapApiDocs();

return await app.RunFastCmsAsync();

public partial class Program;
