using System.Net;
using System.Net.Sockets;
using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.Realtime;

/// <summary>A server on a real socket with realtime's intervals short enough for tests.</summary>
public sealed class RealtimeSetup : IServerSetup
{
    public bool OnSocket => true;

    public IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("FastCms:Realtime:HeartbeatSeconds", "0.2"),
        new("FastCms:Realtime:RevalidateSeconds", "0.5"),
        new("FastCms:Realtime:MaxConnectionsPerAddress", "10000"),
        new("FastCms:RateLimits:Password:PermitLimit", "100000"),
    ];
}

/// <summary>Helpers for realtime tests: clients on the server's socket, signed in or not.</summary>
internal static class RealtimeClients
{
    public static HttpClient Socket(this ServerFixture server, string? token = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl!) };
        return token is null ? client : client.WithBearer(token);
    }

    /// <summary>A new user and a client on the socket with its token.</summary>
    public static async Task<(string Id, HttpClient Client, string Token)> SocketUserAsync(this ServerFixture server, string password = "User-pass-1234")
    {
        var user = await server.NewUserAsync(password);
        var token = user.Auth["token"]!["access_token"]!.GetValue<string>();
        return (user.Id, server.Socket(token), token);
    }

    /// <summary>A client whose connections come from <paramref name="address"/> (another loopback address such as 127.0.0.2).</summary>
    public static HttpClient FromAddress(string baseUrl, string address)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri(baseUrl) };
    }

    public static HttpClient SocketAdmin(this ServerFixture server) =>
        server.Socket(server.Admin.DefaultRequestHeaders.Authorization!.Parameter);
}
