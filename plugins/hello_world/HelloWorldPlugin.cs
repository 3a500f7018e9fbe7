namespace HelloWorld;

public sealed class HelloWorldPlugin : IPlugin
{
    public PluginMeta Meta { get; } = new("hello-world", "Hello World", "1.0.0")
    {
        Author = "FastCMS",
        Description = "A minimal example plugin",
    };

    public void Register(IPluginContext ctx)
    {
        var api = ctx.IncludeRouter("/hello-world");
        api.MapGet("/hello", () => new { message = "Hello from Hello World plugin!" });
    }
}
