using System.Net;
using System.Net.Sockets;
using System.Text;
using FastCms.Tests.Browser;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.Records;

namespace FastCms.Tests.Realtime;

/// <summary>Limits of the realtime streams, each on its own server with the limit set low.</summary>
public sealed class RealtimeLimitsTests
{
    private static async Task<(KestrelHost Host, HttpClient Admin, string Collection)> StartAsync(string provider, params (string Key, string Value)[] settings)
    {
        var host = await KestrelHost.StartAsync(provider, [.. settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))]);
        var admin = await AdminSession.SetUpAsync(host);
        var name = RecordClient.NewName("rt");
        await admin.CreateCollectionAsync(new { name, schema = new object[] { new { name = "title", type = "text" }, new { name = "body", type = "editor" } }, list_rule = "", view_rule = "" });
        return (host, admin, name);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task SlowConsumer_FullBuffer_IsDroppedWithoutSlowingOthers(string provider)
    {
        var (host, admin, name) = await StartAsync(provider, ("FastCms:Realtime:ClientBufferMessages", "150"));
        await using var _ = host;
        await using var fast = await SseClient.ConnectAsync(host.BaseUrl);
        await (await fast.SubscribeAsync(new HttpClient { BaseAddress = new Uri(host.BaseUrl) }, $"{name}/*")).ExpectAsync(HttpStatusCode.NoContent);
        using var slow = await StalledStream.OpenAsync(host.BaseUrl);
        var subscribe = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        await (await subscribe.PostJsonAsync("/api/v1/realtime", new { client_id = slow.ClientId, subscriptions = new[] { $"{name}/*" } })).ExpectAsync(HttpStatusCode.NoContent);

        const int batches = 6, perBatch = 100;
        var body = new string('y', 30_000);
        for (var i = 0; i < batches; i++)
        {
            var records = Enumerable.Range(0, perBatch).Select(k => new { title = $"r{i}-{k}", body }).ToArray();
            await (await admin.PostJsonAsync($"/api/v1/collections/{name}/records/batch", new { records })).ExpectAsync(HttpStatusCode.Created);
        }

        for (var i = 0; i < batches * perBatch; i++)
        {
            Assert.Equal($"r{i / perBatch}-{i % perBatch}", (await fast.NextAsync()).Record["data"]!["title"]!.GetValue<string>());
        }

        var metrics = await (await admin.GetAsync("/api/v1/admin/metrics")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, metrics["counters"]!["fastcms_realtime_clients_dropped_total"]!.GetValue<double>());
        Assert.True(await slow.EndsWithinAsync(TimeSpan.FromSeconds(20)), "the slow client's stream is ended by the server");
    }

    [Fact]
    public async Task Streams_OverThePerAddressLimit_Answer429()
    {
        var (host, _, _) = await StartAsync("sqlite", ("FastCms:Realtime:MaxConnectionsPerAddress", "2"));
        await using var _ = host;
        await using var one = await SseClient.ConnectAsync(host.BaseUrl);
        await using var two = await SseClient.ConnectAsync(host.BaseUrl);

        await using var three = await SseClient.ConnectAsync(host.BaseUrl, expectConnect: false);
        Assert.Equal(HttpStatusCode.TooManyRequests, three.Response.StatusCode);
        using var fromElsewhere = RealtimeClients.FromAddress(host.BaseUrl, "127.0.0.3");
        using var response = await fromElsewhere.GetAsync("/api/v1/realtime", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Subscribe_MoreTopicsThanTheLimit_Answers400()
    {
        var (host, _, name) = await StartAsync("sqlite", ("FastCms:Realtime:MaxTopicsPerClient", "2"));
        await using var _ = host;
        await using var stream = await SseClient.ConnectAsync(host.BaseUrl);
        var guest = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };

        await (await stream.SubscribeAsync(guest, $"{name}/*", $"{name}/aaaaaaaaaaaaaaa")).ExpectAsync(HttpStatusCode.NoContent);
        var problem = await (await stream.SubscribeAsync(guest, $"{name}/*", $"{name}/aaaaaaaaaaaaaaa", $"{name}/bbbbbbbbbbbbbbb")).ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Contains("At most 2 topics", problem["errors"]!["subscriptions"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Resume_PastTheWindow_SendsReset()
    {
        var (host, admin, name) = await StartAsync("sqlite", ("FastCms:Realtime:ResumeWindowEvents", "2"));
        await using var _ = host;
        var stream = await SseClient.ConnectAsync(host.BaseUrl);
        await (await stream.SubscribeAsync(new HttpClient { BaseAddress = new Uri(host.BaseUrl) }, $"{name}/*")).ExpectAsync(HttpStatusCode.NoContent);
        await admin.CreateRecordAsync(name, new { title = "seen" });
        var seen = await stream.NextAsync();
        await stream.DisposeAsync();
        for (var i = 0; i < 4; i++)
        {
            await admin.CreateRecordAsync(name, new { title = $"missed {i}" });
        }

        await using var resumed = await SseClient.ConnectAsync(host.BaseUrl, seen.Id, expectConnect: false);
        Assert.Equal("connect", (await resumed.NextAsync()).Event);
        Assert.Equal("reset", (await resumed.NextAsync()).Event);
        await admin.CreateRecordAsync(name, new { title = "not subscribed any more" });
        await Assert.ThrowsAsync<TimeoutException>(() => resumed.NextAsync(TimeSpan.FromMilliseconds(500)));
    }

    [Theory]
    [InlineData("FastCms:Realtime:IdleTimeoutSeconds")]
    [InlineData("FastCms:Realtime:MaxLifetimeSeconds")]
    public async Task Stream_PastIdleOrLifetimeLimit_IsEndedAndResumable(string setting)
    {
        var (host, admin, name) = await StartAsync("sqlite", (setting, "0.5"), ("FastCms:Realtime:HeartbeatSeconds", "0.1"));
        await using var _ = host;
        var stream = await SseClient.ConnectAsync(host.BaseUrl);
        await (await stream.SubscribeAsync(new HttpClient { BaseAddress = new Uri(host.BaseUrl) }, $"{name}/*")).ExpectAsync(HttpStatusCode.NoContent);

        Assert.True(await stream.EndsWithinAsync(TimeSpan.FromSeconds(10)), "the server ends the stream");
        await admin.CreateRecordAsync(name, new { title = "while away" });
        await using var resumed = await SseClient.ConnectAsync(host.BaseUrl, stream.LastId, expectConnect: false);
        Assert.True((await resumed.NextAsync()).Data["resumed"]!.GetValue<bool>());
        Assert.Equal("while away", (await resumed.NextAsync()).Record["data"]!["title"]!.GetValue<string>());
        await stream.DisposeAsync();
    }

    /// <summary>A stream whose reader stops reading after the connect event, with a tiny receive buffer.</summary>
    private sealed class StalledStream : IDisposable
    {
        private readonly TcpClient _tcp;
        private readonly NetworkStream _stream;

        private StalledStream(TcpClient tcp, NetworkStream stream, string clientId)
        {
            _tcp = tcp;
            _stream = stream;
            ClientId = clientId;
        }

        public string ClientId { get; }

        public static async Task<StalledStream> OpenAsync(string baseUrl)
        {
            var uri = new Uri(baseUrl);
            var tcp = new TcpClient { ReceiveBufferSize = 4096 };
            await tcp.ConnectAsync(IPAddress.Loopback, uri.Port);
            var stream = tcp.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /api/v1/realtime HTTP/1.1\r\nHost: {uri.Authority}\r\nAccept: text/event-stream\r\n\r\n"));
            var text = new StringBuilder();
            var buffer = new byte[1024];
            while (!text.ToString().Contains("\"client_id\":\"", StringComparison.Ordinal) || !text.ToString().Contains("\n\n", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer);
                Assert.True(read > 0, "the stream closed before its connect event");
                text.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }

            var all = text.ToString();
            var start = all.IndexOf("\"client_id\":\"", StringComparison.Ordinal) + 13;
            return new StalledStream(tcp, stream, all[start..all.IndexOf('"', start)]);
        }

        /// <summary>Reads what is left; true once the chunked response's last chunk (the server's end of the stream) arrives.</summary>
        public async Task<bool> EndsWithinAsync(TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            var buffer = new byte[64 * 1024];
            var tail = "";
            try
            {
                while (true)
                {
                    var read = await _stream.ReadAsync(buffer, cts.Token);
                    if (read == 0)
                    {
                        return true;
                    }

                    tail = (tail + Encoding.ASCII.GetString(buffer, 0, read))[^Math.Min(tail.Length + read, 16)..];
                    if (tail.EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal))
                    {
                        return true;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        public void Dispose()
        {
            _stream.Dispose();
            _tcp.Dispose();
        }
    }
}
