using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace FastCms.Tests.Infrastructure;

/// <summary>
/// The server on a real socket (Kestrel on 127.0.0.1 with a free port), for clients outside the process such as
/// a browser. The in-memory test server of <see cref="TestHost"/> cannot be reached from there.
/// </summary>
public sealed class KestrelHost : IAsyncDisposable
{
    private KestrelHost(TestDatabase database, string root, FastCmsFactory factory, string baseUrl)
    {
        Database = database;
        Root = root;
        Factory = factory;
        BaseUrl = baseUrl;
    }

    public TestDatabase Database { get; }

    public string Root { get; }

    public FastCmsFactory Factory { get; }

    /// <summary>For example <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseUrl { get; }

    /// <param name="provider">The database (<c>sqlite</c> or <c>postgres</c>).</param>
    /// <param name="settings">Extra configuration.</param>
    /// <param name="prepareRoot">Puts plugins or other files into the server's folder before it starts.</param>
    public static async Task<KestrelHost> StartAsync(string provider, IEnumerable<KeyValuePair<string, string?>>? settings = null, Action<string>? prepareRoot = null)
    {
        var database = await Databases.CreateAsync(provider);
        var root = TestPaths.NewRoot();
        prepareRoot?.Invoke(root);
        var factory = new FastCmsFactory(database, root, settings);
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new KestrelHost(database, root, factory, address.TrimEnd('/'));
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
        TestPaths.TryDelete(Root);
    }
}
