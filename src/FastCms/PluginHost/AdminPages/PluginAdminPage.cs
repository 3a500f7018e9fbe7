using FastCms.AdminShell;
using Fluid;

namespace FastCms.PluginHost.AdminPages;

/// <summary>
/// One page a plugin mapped with <c>MapAdminPage</c>: builds the model, renders the template and puts the result
/// inside the admin layout. Whatever goes wrong — a missing template, a Liquid error, an exception in the
/// plugin's model — becomes a readable error page with the request id, and is logged.
/// </summary>
internal sealed class PluginAdminPage(
    string pluginId,
    string pluginDirectory,
    string templateName,
    string templatePath,
    Func<HttpContext, CancellationToken, Task<object?>> model,
    string? title)
{
    public async Task<IResult> RenderAsync(HttpContext http)
    {
        var services = http.RequestServices;
        var plugin = services.GetRequiredService<PluginCatalog>().FindActive(pluginId);
        if (plugin is null)
        {
            return Results.NotFound();
        }

        var (navId, label) = Navigation(services.GetRequiredService<AdminPageRegistry>(), http.Request.Path);
        var heading = title ?? label ?? plugin.Meta?.Name ?? pluginId;
        var templates = services.GetRequiredService<PluginTemplates>();
        try
        {
            var template = templates.Get(templatePath, templateName);
            object? value;
            try
            {
                value = await model(http, http.RequestAborted);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new PluginPageException($"The page's model threw {e.GetType().Name}: {e.Message}");
            }

            var context = PluginPageContext.Create(http, plugin, templates.OptionsFor(pluginDirectory), value);
            var html = await RenderTemplateAsync(template, context);
            return AdminResults.Page(heading, navId, html);
        }
        catch (PluginPageException e)
        {
            services.GetRequiredService<ILoggerFactory>().CreateLogger("Plugin." + pluginId)
                .LogError("Admin page {Path} of plugin {PluginId} failed: {Reason}", http.Request.Path.Value, pluginId, e.Message);
            return AdminResults.Page(heading, navId, ErrorCard(e, http.TraceIdentifier), StatusCodes.Status500InternalServerError);
        }
    }

    private async Task<string> RenderTemplateAsync(IFluidTemplate template, TemplateContext context)
    {
        try
        {
            return await template.RenderAsync(context, AdminHtml.Encoder);
        }
        catch (FileNotFoundException e)
        {
            throw new PluginPageException($"Rendering '{templateName}' failed: the partial template '{e.Message}' does not exist in the plugin's {PluginTemplates.Folder}/ folder.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new PluginPageException($"Rendering '{templateName}' failed: {e.Message}");
        }
    }

    // The plugin's sidebar entry for this address (or the closest one above it); the Plugins entry otherwise.
    private (string NavId, string? Label) Navigation(AdminPageRegistry registry, PathString path)
    {
        var entry = registry.Pages
            .Where(p => p.Owner == pluginId && (path.Equals(p.Url, StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments(p.Url, StringComparison.OrdinalIgnoreCase)))
            .MaxBy(p => p.Url.Length);
        return entry is null ? (AdminNav.Plugins, null) : (entry.NavId, path.Equals(entry.Url, StringComparison.OrdinalIgnoreCase) ? entry.Label : null);
    }

    private string ErrorCard(PluginPageException error, string requestId)
    {
        var html = AdminHtml.Encoder;
        var source = error.TemplateSource is { Length: > 0 } lines ? $"<pre class=\"template-source\"><code>{html.Encode(lines)}</code></pre>" : "";
        return $"""
            <section class="card plugin-page-error" role="alert" aria-labelledby="plugin-page-error-heading">
              <h2 id="plugin-page-error-heading"><i class="fa-solid fa-triangle-exclamation" aria-hidden="true"></i> This page could not be shown</h2>
              <p>{html.Encode(error.Message)}</p>
              {source}
              <p class="muted">Plugin <code>{html.Encode(pluginId)}</code>, template <code>{PluginTemplates.Folder}/{html.Encode(templateName)}</code>.
                Request id: <code class="request-id">{html.Encode(requestId)}</code></p>
            </section>
            """;
    }
}
