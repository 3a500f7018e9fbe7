namespace FastCms.Tests.Infrastructure;

/// <summary>A server of the test's own, for scenarios that need a fresh or restarted instance.</summary>
public sealed class TestHost : IAsyncDisposable
{
    private readonly bool _ownsDatabase;

    private TestHost(TestDatabase database, string root, FastCmsFactory factory, bool ownsDatabase)
    {
        Database = database;
        Root = root;
        Factory = factory;
        _ownsDatabase = ownsDatabase;
    }

    public TestDatabase Database { get; }

    public string Root { get; }

    public FastCmsFactory Factory { get; private set; }

    public static async Task<TestHost> StartAsync(string provider, IEnumerable<KeyValuePair<string, string?>>? settings = null, string? root = null)
    {
        var database = await Databases.CreateAsync(provider);
        return Start(database, root ?? TestPaths.NewRoot(), settings, ownsDatabase: true);
    }

    public static TestHost Start(TestDatabase database, string root, IEnumerable<KeyValuePair<string, string?>>? settings = null, bool ownsDatabase = false)
    {
        var factory = new FastCmsFactory(database, root, settings);
        _ = factory.Server; // starts the host now, so startup failures surface here
        return new TestHost(database, root, factory, ownsDatabase);
    }

    /// <summary>Stops the server and starts a new one over the same database and folders.</summary>
    public async Task RestartAsync(IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        await Factory.DisposeAsync();
        Factory = new FastCmsFactory(Database, Root, settings);
        _ = Factory.Server;
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        if (_ownsDatabase)
        {
            await Database.DisposeAsync();
            TestPaths.TryDelete(Root);
        }
    }
}
