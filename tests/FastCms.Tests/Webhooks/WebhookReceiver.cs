using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FastCms.Tests.Webhooks;

/// <summary>One request a <see cref="WebhookReceiver"/> got, with the Standard Webhooks headers.</summary>
public sealed record ReceivedWebhook(string? Id, string? Timestamp, string? Signature, string Body)
{
    public JsonNode Json => JsonNode.Parse(Body)!;

    /// <summary>Checks the signature the way a receiver following the Standard Webhooks convention does.</summary>
    public bool IsSignedWith(string secret)
    {
        Assert.StartsWith("whsec_", secret);
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{Id}.{Timestamp}.{Body}")));
        return (Signature ?? "").Split(' ').Any(s => s.StartsWith("v1,", StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s[3..]), Encoding.ASCII.GetBytes(expected)));
    }
}

/// <summary>
/// A real HTTP receiver on a loopback socket (Kestrel inside the test) that records every request. What it answers is
/// up to the test (<see cref="Respond"/>); by default 200.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();

    private WebhookReceiver(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>For example <c>http://127.0.0.1:40123</c>.</summary>
    public string BaseUrl { get; }

    public string Url => BaseUrl + "/hook";

    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    /// <summary>Decides the answer to a request, given how many requests came before it.</summary>
    public Func<ReceivedWebhook, int, IResult> Respond { get; set; } = (_, _) => Results.Ok("thanks");

    public static Task<WebhookReceiver> StartAsync(string address = "127.0.0.1") => StartAsync([IPAddress.Parse(address)], 0);

    /// <summary>Listens on every address in <paramref name="addresses"/> with one port (0: a free one, taken from the first).</summary>
    public static async Task<WebhookReceiver> StartAsync(IPAddress[] addresses, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options =>
        {
            foreach (var address in addresses)
            {
                options.Listen(address, port);
            }
        });
        var app = builder.Build();
        WebhookReceiver? receiver = null;
        app.Map("/{**path}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var request = new ReceivedWebhook(
                context.Request.Headers["webhook-id"].FirstOrDefault(), context.Request.Headers["webhook-timestamp"].FirstOrDefault(),
                context.Request.Headers["webhook-signature"].FirstOrDefault(), body);
            int before;
            lock (receiver!._received)
            {
                before = receiver._received.Count;
                receiver._received.Enqueue(request);
            }

            return receiver.Respond(request, before);
        });
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver = new WebhookReceiver(app, url.TrimEnd('/'));
        return receiver;
    }

    /// <summary>Waits until <paramref name="done"/> holds for what was received, or fails after <paramref name="seconds"/>.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitAsync(Func<IReadOnlyList<ReceivedWebhook>, bool> done, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!done(Received))
        {
            Assert.True(DateTime.UtcNow < deadline, $"The receiver did not get what was expected within {seconds} s; it got {Received.Count} requests: " +
                string.Join(" | ", Received.TakeLast(3).Select(r => r.Body)));
            await Task.Delay(50);
        }

        return Received;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
