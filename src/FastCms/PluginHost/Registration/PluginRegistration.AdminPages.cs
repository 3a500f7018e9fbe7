using FastCms.Kernel;
using FastCms.PluginHost.AdminPages;

namespace FastCms.PluginHost.Registration;

/// <summary>Admin pages rendered from the plugin's templates, and its admin routes under <c>/admin/plugins/{id}</c>.</summary>
internal sealed partial class PluginRegistration
{
    private readonly HashSet<string> _adminPagePaths = new(StringComparer.Ordinal);
    private RouteGroupBuilder? _adminGroup;

    public void MapAdminPage(string path, string template, Func<HttpContext, CancellationToken, Task<object?>> model, string? title = null)
    {
        EnsureOpen();
        ArgumentNullException.ThrowIfNull(model);
        var route = PluginAdminRoutes.CheckPath(path);
        var file = PluginTemplates.Resolve(Directory, template);
        if (!_adminPagePaths.Add(route))
        {
            throw new InvalidOperationException($"Admin page '{path}' is mapped twice.");
        }

        if (!File.Exists(file))
        {
            Logger.LogWarning("Admin page {Path} uses template {Template}, which does not exist yet", route.Length == 0 ? "/" : route, template);
        }

        var page = new PluginAdminPage(PluginId, Directory, template, file, model, title);
        IncludeAdminRouter().MapGet(route, (Func<HttpContext, Task<IResult>>)page.RenderAsync);
    }

    public RouteGroupBuilder IncludeAdminRouter()
    {
        EnsureOpen();
        if (_adminGroup is null)
        {
            _routes ??= new PrivateRouteBuilder(_host.Services);
            _adminGroup = _routes.MapGroup(PluginAdminRoutes.BasePath(PluginId)).Protect(PluginId);
            _adminGroup.WithMetadata(Mount);
        }

        return _adminGroup;
    }
}
