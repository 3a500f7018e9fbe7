using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;

namespace FastCms.Tests.Infrastructure;

/// <summary>
/// One running server per test class, with an admin already set up. Tests share it, so each test creates
/// its own users and data with unique names.
/// </summary>
public abstract class ServerFixture : IAsyncLifetime
{
    public const string AdminPassword = "Admin-pass-1234";

    private TestDatabase? _database;
    private string? _root;

    public string? SkipReason { get; private set; }

    public FastCmsFactory Factory { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public string AdminEmail { get; } = "admin@example.com";

    public string AdminId { get; private set; } = null!;

    /// <summary>
    /// A shared server registers and signs in users for every test of its class, all from one client address, so
    /// its register and login limits are raised; a fixture's <see cref="Settings"/> may set them back.
    /// </summary>
    private static readonly KeyValuePair<string, string?>[] SharedServerLimits =
    [
        new("FastCms:RateLimits:Register:PermitLimit", "100000"),
        new("FastCms:RateLimits:Login:PermitLimit", "100000"),
    ];

    /// <summary>Extra configuration for this fixture's server.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    /// <summary>Extra endpoints for this fixture's server (see <see cref="FastCmsFactory.TestEndpoints"/>).</summary>
    protected virtual Action<IEndpointRouteBuilder>? TestEndpoints => null;

    /// <summary>Serves on a real socket (Kestrel on 127.0.0.1), for clients that need one such as streaming readers.</summary>
    protected virtual bool OnSocket => false;

    /// <summary>With <see cref="OnSocket"/>: the server's address, for example <c>http://127.0.0.1:41234</c>.</summary>
    public string? BaseUrl { get; private set; }

    /// <summary>Returns the database, or <c>null</c> when it is not available here (the tests are then skipped).</summary>
    protected abstract Task<TestDatabase?> CreateDatabaseAsync();

    public HttpClient Anonymous() => Factory.CreateClient();

    public async ValueTask InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        if (_database is null)
        {
            SkipReason = $"PostgreSQL tests need {TestDatabase.PostgresVariable} (a connection string to a server where databases may be created); .ci/run sets it.";
            return;
        }

        _root = TestPaths.NewRoot();
        await PrepareRootAsync(_root);
        Factory = new FastCmsFactory(_database, _root, [.. SharedServerLimits, .. Settings]) { TestEndpoints = TestEndpoints };
        if (OnSocket)
        {
            BaseUrl = KestrelHost.Listen(Factory);
        }

        var setup = await Anonymous().PostJsonAsync("/api/v1/setup", new { email = AdminEmail, password = AdminPassword, password_confirm = AdminPassword });
        var body = await setup.ExpectAsync(HttpStatusCode.Created);
        AdminId = body["user"]!["id"]!.GetValue<string>();
        Admin = Anonymous().WithBearer(body["token"]!["access_token"]!.GetValue<string>());
    }

    /// <summary>Lets a fixture put plugins or hook files in place before the server starts.</summary>
    protected virtual Task PrepareRootAsync(string root) => Task.CompletedTask;

    /// <summary>Registers a new user and returns its id and an authenticated client.</summary>
    public async Task<(string Id, string Email, HttpClient Client, JsonNode Auth)> NewUserAsync(string password = "User-pass-1234")
    {
        var email = $"user-{Guid.NewGuid():N}@example.com";
        var response = await Anonymous().PostJsonAsync("/api/v1/auth/register", new { email, password, password_confirm = password });
        var body = await response.ExpectAsync(HttpStatusCode.Created);
        var client = Anonymous().WithBearer(body["token"]!["access_token"]!.GetValue<string>());
        return (body["user"]!["id"]!.GetValue<string>(), email, client, body);
    }

    public async ValueTask DisposeAsync()
    {
        if (Factory is not null)
        {
            await Factory.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        if (_root is not null)
        {
            TestPaths.TryDelete(_root);
        }

        GC.SuppressFinalize(this);
    }
}

public class SqliteServer : ServerFixture
{
    protected override Task<TestDatabase?> CreateDatabaseAsync() => Task.FromResult<TestDatabase?>(new SqliteTestDatabase());
}

public class PostgresServer : ServerFixture
{
    protected override async Task<TestDatabase?> CreateDatabaseAsync() =>
        TestDatabase.PostgresServer is { } server ? await PostgresTestDatabase.CreateAsync(server) : null;
}

/// <summary>Base of test classes that run once per database: the PostgreSQL variant skips when no server is configured.</summary>
public abstract class ServerTests
{
    protected ServerTests(ServerFixture server)
    {
        Assert.SkipWhen(server.SkipReason is not null, server.SkipReason ?? "");
        Server = server;
    }

    protected ServerFixture Server { get; }

    protected HttpClient Admin => Server.Admin;

    protected HttpClient Anonymous() => Server.Anonymous();
}
