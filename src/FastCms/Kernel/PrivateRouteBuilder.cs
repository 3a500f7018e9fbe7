namespace FastCms.Kernel;

/// <summary>
/// A route builder of its own, outside the app's route table: what is mapped on it collects in its
/// <see cref="DataSources"/> and reaches the app only when someone adds them (a plugin's committed registration,
/// endpoints mapped on their first request).
/// </summary>
internal sealed class PrivateRouteBuilder(IServiceProvider services) : IEndpointRouteBuilder
{
    public IServiceProvider ServiceProvider { get; } = services;

    public ICollection<EndpointDataSource> DataSources { get; } = new List<EndpointDataSource>();

    public IApplicationBuilder CreateApplicationBuilder() => new ApplicationBuilder(ServiceProvider);
}
