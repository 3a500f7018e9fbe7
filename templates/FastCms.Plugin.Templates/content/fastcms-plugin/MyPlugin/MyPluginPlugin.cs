namespace MyPlugin;

/// <summary>
/// A route that answers with a setting, a before-hook that refuses records containing a blocked word, an after-hook
/// that counts created records, and an admin page that shows the count. The server compiles every .cs file in this
/// folder at startup; MyPlugin.Tests runs it in a real server with FastCms.Plugins.Testing.
/// </summary>
public sealed class MyPluginPlugin : IPlugin
{
    public PluginMeta Meta { get; } = new("my-plugin", "MyPlugin", "1.0.0")
    {
        Description = "Answers GET /api/v1/plugins/my-plugin/hello, refuses records with a blocked word and counts created records.",
    };

    public void Register(IPluginContext ctx)
    {
        var settings = ctx.UseSettings<MyPluginSettings>();
        var activity = new MyPluginActivity();

        var api = ctx.IncludeRouter("/my-plugin");
        api.MapGet("/hello", () => new { message = settings.Current.Greeting, plugin = ctx.PluginId });

        // Before-hooks run inside the write's transaction; a rejection answers 400 and nothing is written. null: every collection.
        ctx.OnRecordCreating(null, change =>
        {
            var blocked = settings.Current.BlockedWord;
            if (blocked.Length > 0 && change.Data.Any(field => field.Value?.ToString().Contains(blocked, StringComparison.OrdinalIgnoreCase) == true))
            {
                change.Reject($"Records may not contain \"{blocked}\".");
            }
        });

        // After-hooks run once per committed write, off the request path.
        ctx.OnRecordCreate(null, e =>
        {
            activity.RecordCreated(e.Collection);
            return Task.CompletedTask;
        });

        ctx.AddAdminPage("my-plugin", "MyPlugin", "fa-puzzle-piece", "/admin/plugins/my-plugin");
        ctx.MapAdminPage("/", "index.liquid", _ => new { activity.RecordsCreated, activity.LastCollection });
    }
}
