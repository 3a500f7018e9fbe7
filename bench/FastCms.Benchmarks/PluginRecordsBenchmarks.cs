using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using FastCms.Plugins;
using FastCms.Records;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FastCms.Benchmarks;

/// <summary>
/// The records a plugin reads through <see cref="IRecords"/> (a before-hook reading one record, a plugin route listing
/// 20), against the same reads through the record service the records API calls, in the real server (in-process, SQLite,
/// 2,000 posts shaped like the load benchmark's). The difference is what the plugin-facing adapter costs: the caller it
/// makes and the JSON objects it builds instead of the API's direct rendering.
/// </summary>
[MemoryDiagnoser]
public class PluginRecordsBenchmarks
{
    private const string Admin = "bench@example.com";
    private const string Password = "Bench-pass-1234";
    // The list of the load benchmark: page 3 of the published posts with more than 100 views, most viewed first.
    private static readonly ListOptions Page = new(3, 20, "published = true && views > 100", "-views");
    private static readonly RecordListQuery Query = new("published = true && views > 100", "-views", 3, 20);

    private string _root = null!;
    private WebApplicationFactory<RecordService> _server = null!;
    private RecordService _service = null!;
    private IRecordStore _records = null!;
    private string _id = "";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _root = Directory.CreateTempSubdirectory("fastcms-bench-").FullName;
        // The factory looks for the server's project folder next to a solution file, which a benchmark run does not
        // have; this setting names the content root instead.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_FASTCMS", _root);
        _server = new WebApplicationFactory<RecordService>().WithWebHostBuilder(host => host
            .UseEnvironment("Production")
            .ConfigureLogging(logging => logging.ClearProviders())
            .UseSetting("FastCms:DataDir", Path.Combine(_root, "data"))
            .UseSetting("FastCms:PluginsDir", Path.Combine(_root, "plugins"))
            .UseSetting("FastCms:HooksDir", Path.Combine(_root, "hooks"))
            .UseSetting("FastCms:Auth:AdminEmail", Admin)
            .UseSetting("FastCms:Auth:AdminPassword", Password));
        var client = _server.CreateClient();
        var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = Admin, password = Password });
        var token = (await login.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>())!["token"]!["access_token"]!.GetValue<string>();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        (await client.PostAsJsonAsync("/api/v1/collections", new
        {
            name = "posts",
            schema = new object[]
            {
                new { name = "title", type = "text", validation = new { required = true, max_length = 200 } },
                new { name = "body", type = "editor" },
                new { name = "views", type = "number" },
                new { name = "published", type = "bool" },
            },
            indexes = new[] { new { fields = new[] { "published", "views" } } },
            list_rule = "", view_rule = "", create_rule = "", update_rule = "", delete_rule = "",
        })).EnsureSuccessStatusCode();

        _service = _server.Services.GetRequiredService<RecordService>();
        _records = _server.Services.GetRequiredService<IRecords>().System;
        var random = new Random(8);
        for (var i = 0; i < 2000; i++)
        {
            var created = await _records.CreateAsync("posts", new JsonObject
            {
                ["title"] = $"Post {i}",
                ["body"] = "<p>A seeded post for the benchmark, about as long as the teaser of an article.</p>",
                ["views"] = random.Next(0, 1000),
                ["published"] = random.NextDouble() < 0.5,
            });
            _id = i == 0 ? created["id"]!.GetValue<string>() : _id;
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Benchmark(Description = "get one record, record service")]
    public async Task<string?> GetThroughService() => (await _service.GetAsync(RecordCaller.System, "posts", _id, CancellationToken.None))?.Id;

    [Benchmark(Description = "get one record, IRecords")]
    public Task<JsonObject?> GetThroughRecords() => _records.GetAsync("posts", _id);

    [Benchmark(Description = "list 20, filter + sort, record service")]
    public async Task<int> ListThroughService() => (await _service.ListAsync(RecordCaller.System, "posts", Page, CancellationToken.None)).Items.Count;

    [Benchmark(Description = "list 20, filter + sort, IRecords")]
    public Task<RecordList> ListThroughRecords() => _records.ListAsync("posts", Query);
}
