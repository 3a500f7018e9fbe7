using FastCms.Kernel;
using Scalar.AspNetCore;

namespace FastCms.Startup;

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c> and an interactive reference at <c>/docs</c>, served locally under
/// the Content Security Policy of <see cref="SecurityHeaders"/>.
/// </summary>
internal static class ApiDocs
{
    public static IHostApplicationBuilder AddApiDocs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "FastCMS API";
                document.Info.Description = "Collections, records, users, plugins and metrics of a FastCMS server.";
                return Task.CompletedTask;
            });

            // Bodies also accept camelCase (CamelCaseAliases); the document names each property once, as the API writes it.
            options.AddSchemaTransformer((schema, context, _) =>
            {
                foreach (var alias in context.JsonTypeInfo.Properties.Where(CamelCaseAliases.IsAlias))
                {
                    schema.Properties?.Remove(alias.Name);
                }

                return Task.CompletedTask;
            });
        });
        return builder;
    }

    /// <summary>The nonce the reference page's inline script carries, or <c>null</c> on any other response.</summary>
    public static string? ScriptNonce(HttpContext context) =>
        context.Items.TryGetValue(ScalarOptions.NonceHttpContextItemKey, out var nonce) ? nonce as string : null;

    public static WebApplication MapApiDocs(this WebApplication app)
    {
        // Mapped on their first request, like the admin pages: the document generator and the reference stay unloaded until then.
        app.MapDeferred(["/openapi", "/docs"], routes =>
        {
            routes.MapOpenApi();
            // The page starts the reference with an inline script: a fresh nonce per request lets exactly that one run. The
            // default fonts would come from a CDN; the reference uses the system fonts instead.
            routes.MapScalarApiReference("/docs", options => options.WithTitle("FastCMS API").WithNonce().DisableDefaultFonts());
        });
        return app;
    }
}
