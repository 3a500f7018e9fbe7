using Microsoft.Extensions.FileProviders;

// The ceiling of the file download benchmark: Kestrel's static-file middleware serving a folder (--Root), with its
// ETag, Last-Modified and range support, and nothing else: no routing to records, rules, storage abstraction,
// metrics or security headers.
var builder = WebApplication.CreateSlimBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);
var root = builder.Configuration["Root"] ?? throw new InvalidOperationException("Pass --Root=<folder to serve>.");
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var app = builder.Build();
app.MapGet("/health", () => TypedResults.Ok());
app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(root), ServeUnknownFileTypes = true });
await app.RunAsync();
