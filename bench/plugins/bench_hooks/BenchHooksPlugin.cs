namespace FastCms.BenchPlugins;

/// <summary>
/// Ten before-hooks and ten after-hooks on <c>posts</c> creates that do nothing: the load benchmark starts a second
/// server with this plugin to measure what the event bus costs a write.
/// </summary>
public sealed class BenchHooksPlugin : IPlugin
{
    public const int HooksPerPhase = 10;

    public PluginMeta Meta { get; } = new("bench-hooks", "Benchmark hooks", "1.0.0")
    {
        Author = "FastCMS",
        Description = "No-op record hooks for the load benchmark",
    };

    public void Register(IPluginContext ctx)
    {
        for (var i = 0; i < HooksPerPhase; i++)
        {
            ctx.OnRecordCreating("posts", static (_, _) => ValueTask.CompletedTask);
            ctx.OnRecordCreate("posts", static (_, _) => ValueTask.CompletedTask);
        }
    }
}
