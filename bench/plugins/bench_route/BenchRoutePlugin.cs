namespace FastCms.BenchPlugins;

/// <summary>
/// The plugin route of the load benchmark: a GET that reads a plugin setting, as a typical plugin endpoint does.
/// The startup benchmark also copies this folder under other ids to load 1 and 20 source plugins.
/// </summary>
public sealed class BenchRoutePlugin : IPlugin
{
    public PluginMeta Meta { get; } = new("bench-route", "Benchmark route", "1.0.0")
    {
        Author = "FastCMS",
        Description = "A GET route for the load benchmark",
    };

    public void Register(IPluginContext ctx)
    {
        var api = ctx.IncludeRouter("/bench-route");
        api.MapGet("/ping", () => new Pong(ctx.GetSetting("greeting", "pong"), ctx.PluginId));
    }

    private sealed record Pong(string Message, string Plugin);
}
