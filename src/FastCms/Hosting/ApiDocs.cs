using Scalar.AspNetCore;

namespace FastCms.Hosting;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and an interactive reference at <c>/docs</c>, served locally.</summary>
public static class ApiDocs
{
    public static IHostApplicationBuilder AddApiDocs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "FastCMS API";
            document.Info.Description = "Collections, records, users, plugins and metrics of a FastCMS server.";
            return Task.CompletedTask;
        }));
        return builder;
    }

    public static WebApplication MapApiDocs(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference("/docs", options => options.WithTitle("FastCMS API"));
        return app;
    }
}
