namespace ExamplePlugin;

/// <summary>
/// The reference plugin to copy from: public and protected routes, a database with notes (CRUD) and a post log written
/// inside each post's transaction, before- and after-hooks on <c>posts</c>, a nightly job, typed settings with a secret,
/// and an admin page.
/// </summary>
public sealed class ExamplePlugin : IPlugin
{
    public PluginMeta Meta { get; } = new("example-plugin", "Example Plugin", "1.0.0")
    {
        Author = "FastCMS",
        Description = "Demonstrates routes, a database, record hooks, a scheduled job, typed settings and an admin page.",
    };

    public void Register(IPluginContext ctx)
    {
        var settings = ctx.UseSettings<ExampleSettings>();
        var database = ctx.UseDatabase<ExampleDb>();
        var stats = new PostStats();

        var api = ctx.IncludeRouter("/example");
        ExampleRoutes.Map(api, ctx, settings, stats);
        NoteRoutes.Map(api);
        PostHooks.Register(ctx, settings, stats, database);
        NightlySummary.Register(ctx, database);

        ctx.AddAdminPage("example-plugin", "Example Plugin", "fa-star", "/admin/plugins/example-plugin");
        ExampleAdminPage.Map(ctx, stats);
        ctx.OnSettingsChanged((change, _) =>
        {
            ctx.Logger.LogInformation("Settings changed: {Keys}", string.Join(", ", change.ChangedKeys));
            return ValueTask.CompletedTask;
        });
    }
}
