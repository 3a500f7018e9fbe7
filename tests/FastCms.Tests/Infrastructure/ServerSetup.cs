using Microsoft.AspNetCore.Routing;

namespace FastCms.Tests.Infrastructure;

/// <summary>
/// What a test server needs besides the defaults, written once and run on both databases as
/// <see cref="SqliteServer{TSetup}"/> and <see cref="PostgresServer{TSetup}"/>.
/// </summary>
public interface IServerSetup
{
    /// <summary>Extra configuration for the server.</summary>
    IEnumerable<KeyValuePair<string, string?>> Settings => [];

    /// <summary>Extra endpoints for the server (see <see cref="FastCmsFactory.TestEndpoints"/>).</summary>
    Action<IEndpointRouteBuilder>? TestEndpoints => null;

    /// <summary>Puts plugins or hook files in place before the server starts.</summary>
    Task PrepareRootAsync(string root) => Task.CompletedTask;

    /// <summary>Serves on a real socket (see <see cref="ServerFixture.BaseUrl"/>).</summary>
    bool OnSocket => false;
}

public sealed class SqliteServer<TSetup> : SqliteServer
    where TSetup : IServerSetup, new()
{
    private readonly IServerSetup _setup = new TSetup();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => _setup.Settings;

    protected override Action<IEndpointRouteBuilder>? TestEndpoints => _setup.TestEndpoints;

    protected override Task PrepareRootAsync(string root) => _setup.PrepareRootAsync(root);

    protected override bool OnSocket => _setup.OnSocket;
}

public sealed class PostgresServer<TSetup> : PostgresServer
    where TSetup : IServerSetup, new()
{
    private readonly IServerSetup _setup = new TSetup();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => _setup.Settings;

    protected override Action<IEndpointRouteBuilder>? TestEndpoints => _setup.TestEndpoints;

    protected override Task PrepareRootAsync(string root) => _setup.PrepareRootAsync(root);

    protected override bool OnSocket => _setup.OnSocket;
}
