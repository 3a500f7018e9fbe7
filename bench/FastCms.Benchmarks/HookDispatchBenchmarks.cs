using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using FastCms.Data;
using FastCms.Events;
using FastCms.Metrics;
using FastCms.Plugins.Events;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FastCms.Benchmarks;

/// <summary>
/// The event bus per no-op handler, with the metrics pipeline listening (each handler's duration is recorded, as in
/// the server): before-hooks as a write runs them (<see cref="BeforeHookRunner"/>), after-hooks as the event queue
/// delivers a committed event. Each benchmark dispatches to <see cref="Handlers"/> handlers; the per-write part
/// (marking the write one hook level deeper for the handlers' own writes, looking up the handlers) is the same for any number of
/// them, so the difference between 1 and 10 handlers divided by 9 is the cost of one handler.
/// </summary>
[MemoryDiagnoser]
public class HookDispatchBenchmarks
{
    private IHost _host = null!;
    private BeforeHookRunner _before = null!;
    private EventQueue _queue = null!;
    private RecordChange _change = null!;
    private RecordEvent _event = null!;
    private SqliteConnection _connection = null!;
    private DbSession _session = null!;

    [Params(1, 10)]
    public int Handlers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.AddMetrics();
        _host = builder.Build();
        _host.Start();

        var registry = new HookRegistry();
        registry.AddRange(
            Enumerable.Range(0, Handlers).Select(_ => new BeforeHook("bench", RecordOperation.Create, "posts", 0, registry.NextSequence(), static (_, _) => ValueTask.CompletedTask)),
            Enumerable.Range(0, Handlers).Select(_ => new AfterHook("bench", EventTypes.RecordCreated, "posts", 0, registry.NextSequence(), static (_, _) => ValueTask.CompletedTask)),
            []);
        _before = new BeforeHookRunner(registry, NullLogger<BeforeHookRunner>.Instance);
        _queue = new EventQueue(registry, NullLoggerFactory.Instance);
        var data = new JsonObject { ["title"] = "Hello", ["views"] = 1, ["published"] = true };
        _change = new RecordChange(RecordOperation.Create, "posts", "abcdefghijklmno", data, null, EventActor.Anonymous, _host.Services);
        _event = new RecordEvent(EventTypes.RecordCreated, "posts", "abcdefghijklmno", data, null, EventActor.Anonymous, DateTimeOffset.UtcNow);

        // The write's transaction the hooks run in; the no-op hooks never touch it.
        _connection = new SqliteConnection("Data Source=:memory:");
        _connection.Open();
        _session = new DbSession(_connection, _connection.BeginTransaction(), SqliteDialect.Instance);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _session.DisposeAsync();
        await _connection.DisposeAsync();
        _host.Dispose();
    }

    [Benchmark(Description = "before-hooks of one write")]
    public void Before()
    {
        var run = _before.RunAsync(_session, _change, CancellationToken.None);
        if (!run.IsCompletedSuccessfully)
        {
            throw new InvalidOperationException("A no-op hook completed asynchronously.");
        }
    }

    [Benchmark(Description = "after-hooks of one event")]
    public void After()
    {
        var delivery = _queue.DeliverAsync(_event);
        if (!delivery.IsCompletedSuccessfully)
        {
            throw new InvalidOperationException("A no-op hook completed asynchronously.");
        }
    }
}
