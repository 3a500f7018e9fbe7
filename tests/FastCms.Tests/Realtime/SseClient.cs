using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.Realtime;

/// <summary>One Server-Sent Events message as a client reads it off the wire.</summary>
public sealed record SseMessage(string? Id, string Event, string Raw)
{
    public JsonNode Data => JsonNode.Parse(Raw)!;

    public string Action => Data["action"]!.GetValue<string>();

    public JsonNode Record => Data["record"]!;
}

/// <summary>
/// A realtime stream read over a real HTTP connection, line by line as an EventSource would: messages are queued as
/// they arrive; heartbeat comments are counted.
/// </summary>
public sealed class SseClient : IAsyncDisposable
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private readonly Channel<SseMessage> _messages = Channel.CreateUnbounded<SseMessage>();
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stop = new();
    private int _heartbeats;

    private SseClient(HttpClient http, HttpResponseMessage response)
    {
        _http = http;
        Response = response;
        Reading = Task.Run(ReadAsync);
    }

    public HttpResponseMessage Response { get; }

    /// <summary>Completes when the server ends the stream.</summary>
    public Task Reading { get; }

    public int Heartbeats => Volatile.Read(ref _heartbeats);

    public string ClientId { get; private set; } = "";

    /// <summary>The id of the last message taken from the queue.</summary>
    public string? LastId { get; private set; }

    public static async Task<SseClient> ConnectAsync(string baseUrl, string? lastEventId = null, bool expectConnect = true)
    {
        var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = Timeout.InfiniteTimeSpan };
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/realtime");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var client = new SseClient(http, response);
        if (expectConnect && response.StatusCode == HttpStatusCode.OK)
        {
            var connect = await client.NextAsync();
            Assert.Equal("connect", connect.Event);
            client.ClientId = connect.Data["client_id"]!.GetValue<string>();
        }

        return client;
    }

    /// <summary>The next message; fails the test when none arrives in time.</summary>
    public async Task<SseMessage> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Wait);
        try
        {
            var message = await _messages.Reader.ReadAsync(cts.Token);
            LastId = message.Id ?? LastId;
            return message;
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("No realtime message arrived in time.");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException("The stream ended before the next message.");
        }
    }

    /// <summary>Takes messages until one satisfies <paramref name="match"/>, returning those skipped and the match.</summary>
    public async Task<(List<SseMessage> Before, SseMessage Match)> UntilAsync(Func<SseMessage, bool> match)
    {
        var before = new List<SseMessage>();
        while (true)
        {
            var message = await NextAsync();
            if (match(message))
            {
                return (before, message);
            }

            before.Add(message);
        }
    }

    /// <summary>Whether the server ended the stream within <paramref name="timeout"/>.</summary>
    public async Task<bool> EndsWithinAsync(TimeSpan timeout) => await Task.WhenAny(Reading, Task.Delay(timeout)) == Reading;

    /// <summary>Subscribes through <c>POST /api/v1/realtime</c> with <paramref name="client"/>'s token.</summary>
    public Task<HttpResponseMessage> SubscribeAsync(HttpClient client, params object[] topics) =>
        client.PostJsonAsync("/api/v1/realtime", new { client_id = ClientId, subscriptions = topics });

    private async Task ReadAsync()
    {
        try
        {
            await using var stream = await Response.Content.ReadAsStreamAsync(_stop.Token);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            string? id = null, name = null;
            var data = new StringBuilder();
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (name is not null)
                    {
                        _messages.Writer.TryWrite(new SseMessage(id, name, data.ToString()));
                    }

                    (id, name) = (null, null);
                    data.Clear();
                }
                else if (line.StartsWith(':'))
                {
                    Interlocked.Increment(ref _heartbeats);
                }
                else if (line.StartsWith("id: ", StringComparison.Ordinal))
                {
                    id = line[4..];
                }
                else if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    name = line[7..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data.Append(line[6..]);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
            // The stream was closed by either side.
        }
        finally
        {
            _messages.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Response.Dispose();
        await Reading;
        _http.Dispose();
        _stop.Dispose();
    }
}
