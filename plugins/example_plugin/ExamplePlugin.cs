namespace ExamplePlugin;

/// <summary>
/// The reference plugin to copy from: public and protected routes, a before-hook and an after-hook on
/// <c>posts</c>, typed settings with a secret, and an admin page.
/// </summary>
public sealed class ExamplePlugin : IPlugin
{
    public PluginMeta Meta { get; } = new("example-plugin", "Example Plugin", "1.0.0")
    {
        Author = "FastCMS",
        Description = "Demonstrates routes, record hooks, typed settings and an admin page.",
    };

    public void Register(IPluginContext ctx)
    {
        var settings = ctx.UseSettings<ExampleSettings>();
        var stats = new PostStats();

        ExampleRoutes.Map(ctx.IncludeRouter("/example"), ctx, settings, stats);
        PostHooks.Register(ctx, settings, stats);

        ctx.AddAdminPage("example-plugin", "Example Plugin", "fa-star", "/admin/plugins/example-plugin");
        ExampleAdminPage.Map(ctx, stats);
        ctx.OnSettingsChanged((change, _) =>
        {
            ctx.Logger.LogInformation("Settings changed: {Keys}", string.Join(", ", change.ChangedKeys));
            return ValueTask.CompletedTask;
        });
    }
}
