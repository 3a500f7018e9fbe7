namespace FastCms.BenchPlugins;

/// <summary>
/// One durable handler on <c>posts</c> that does nothing: with it enabled every create is written to the outbox, fanned
/// out and delivered in-process, so the outbox benchmark measures the outbox itself, without a network in the way.
/// </summary>
public sealed class BenchDurablePlugin : IPlugin
{
    public PluginMeta Meta { get; } = new("bench-durable", "Benchmark durable handler", "1.0.0")
    {
        Author = "FastCMS",
        Description = "A no-op durable handler for the outbox benchmark",
    };

    public void Register(IPluginContext ctx) =>
        ctx.OnRecordCommitted("noop", "posts", static (_, _) => Task.CompletedTask);
}
