using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json.Nodes;
using FastCms.Auth;
using FastCms.Kernel;
using FastCms.Plugins.Realtime;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace FastCms.Realtime;

/// <summary>
/// Serves one SSE stream: opens a new client (or resumes one named by <c>Last-Event-ID</c>), then writes its queue to
/// the response, unbuffered, until the client goes away or the server ends the stream.
/// </summary>
internal sealed class RealtimeStreams(
    ClientRegistry clients, RealtimeHub hub, Fanout fanout, RealtimePlugins plugins, TokenVersionCache tokens,
    IOptions<RealtimeOptions> options, TimeProvider clock, ILogger<RealtimeStreams> logger)
{
    private static readonly byte[] HeartbeatLine = ": heartbeat\n\n"u8.ToArray();

    public async Task<IResult?> ServeAsync(HttpContext http)
    {
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (!clients.TryOpenStream(address))
        {
            return Problems.Status(StatusCodes.Status429TooManyRequests,
                $"This address already holds {options.Value.MaxConnectionsPerAddress} realtime streams (FastCms:Realtime:MaxConnectionsPerAddress).");
        }

        RealtimeClient? client = null;
        try
        {
            var response = http.Response;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
            response.Headers["X-Accel-Buffering"] = "no";
            http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            client = await OpenAsync(http, address);
            await response.Body.FlushAsync(http.RequestAborted);
            await PumpAsync(http, client);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; it may resume within the window.
        }
        finally
        {
            clients.CloseStream(address);
            if (client is not null)
            {
                client.Detach(clock.GetUtcNow());
                if (client.Closing)
                {
                    clients.Remove(client);
                }
            }
        }

        return null;
    }

    private async Task<RealtimeClient> OpenAsync(HttpContext http, string address)
    {
        var now = clock.GetUtcNow();
        var buffer = options.Value.ClientBufferMessages;
        var lastEventId = http.Request.Headers["Last-Event-ID"].ToString();
        if (lastEventId.Length == 0)
        {
            lastEventId = http.Request.Query["lastEventId"].ToString();
        }

        if (TryParseEventId(lastEventId, out var clientId, out var lastSeq, out var lastPart)
            && clients.Find(clientId) is { } previous && previous.Address == address && await TakeOverAsync(previous)
            && await IdentityStillValidAsync(previous, http.RequestAborted) && previous.TryReopen(now, buffer))
        {
            hub.Resume(previous, lastSeq, lastPart);
            return previous;
        }

        var client = clients.Add(address);
        client.Open(now, buffer);
        var seq = hub.CurrentSeq;
        fanout.SendControl(client, "connect", new JsonObject { ["client_id"] = client.Id, ["resumed"] = false }, seq);
        if (lastEventId.Length > 0)
        {
            fanout.SendControl(client, "reset", new JsonObject { ["reason"] = "The stream to resume is unknown here or has expired; subscribe again and reload." }, seq);
        }

        client.MarkAttached();
        await RunConnectHooksAsync(client, http.RequestAborted);
        return client;
    }

    // A reconnect often arrives before the server noticed the old connection drop: end that stream and wait for it.
    private static async Task<bool> TakeOverAsync(RealtimeClient client)
    {
        if (client.Closing)
        {
            return false;
        }

        client.EndStream();
        for (var i = 0; i < 200 && client.DetachedAt is null; i++)
        {
            await Task.Delay(10);
        }

        return client.DetachedAt is not null;
    }

    private async Task<bool> IdentityStillValidAsync(RealtimeClient client, CancellationToken cancellationToken)
    {
        var identity = client.Subscriptions.Identity;
        if (identity.UserId is not { } userId || await tokens.IsCurrentAsync(userId, identity.TokenVersion, cancellationToken))
        {
            return true;
        }

        clients.Remove(client);
        return false;
    }

    private async Task RunConnectHooksAsync(RealtimeClient client, CancellationToken cancellationToken)
    {
        var subscriber = new RealtimeSubscriber(client.Id, null, null, client.Address);
        foreach (var hook in plugins.Connect)
        {
            try
            {
                await hook.Handler(subscriber, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Realtime connect hook of {Owner} failed", hook.Owner);
            }
        }
    }

    private static async Task PumpAsync(HttpContext http, RealtimeClient client)
    {
        var body = http.Response.BodyWriter;
        var aborted = http.RequestAborted;
        var reader = client.Reader;
        while (await reader.WaitToReadAsync(aborted))
        {
            while (reader.TryRead(out var message))
            {
                if (message.Event is null)
                {
                    body.Write(HeartbeatLine);
                    continue;
                }

                Write(body, "id: "u8, message.Id!);
                Write(body, "event: "u8, message.Event);
                body.Write("data: "u8);
                body.Write(message.Data.Span);
                body.Write("\n\n"u8);
            }

            await body.FlushAsync(aborted);
        }
    }

    private static void Write(PipeWriter body, ReadOnlySpan<byte> field, string value)
    {
        body.Write(field);
        var written = Encoding.UTF8.GetBytes(value, body.GetSpan(Encoding.UTF8.GetMaxByteCount(value.Length)));
        body.Advance(written);
        body.Write("\n"u8);
    }

    /// <summary>Reads a message id: <c>{clientId}.{seq}</c>, or <c>{clientId}.{seq}.{part}</c> for a later message of the same event.</summary>
    public static bool TryParseEventId(string value, out string clientId, out long seq, out int part)
    {
        var parts = value.Split('.');
        clientId = parts.Length is 2 or 3 ? parts[0] : "";
        seq = 0;
        part = 0;
        return clientId.Length > 0 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out seq)
            && (parts.Length == 2 || (int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out part) && part > 0));
    }
}
