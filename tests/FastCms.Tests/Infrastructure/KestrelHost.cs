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
    private bool _ownsDatabase;

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
        return Start(database, settings, prepareRoot, ownsDatabase: true);
    }

    /// <summary>A server over <paramref name="database"/>, which stays the caller's unless <paramref name="ownsDatabase"/>.</summary>
    public static KestrelHost Start(
        TestDatabase database, IEnumerable<KeyValuePair<string, string?>>? settings = null, Action<string>? prepareRoot = null, bool ownsDatabase = false)
    {
        var root = TestPaths.NewRoot();
        prepareRoot?.Invoke(root);
        var factory = new FastCmsFactory(database, root, settings);
        return new KestrelHost(database, root, factory, Listen(factory)) { _ownsDatabase = ownsDatabase };
    }

    /// <summary>Starts <paramref name="factory"/> on 127.0.0.1 with a free port and returns its address.</summary>
    public static string Listen(FastCmsFactory factory)
    {
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        return factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        if (_ownsDatabase)
        {
            await Database.DisposeAsync();
        }

        TestPaths.TryDelete(Root);
    }
}
