using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace FastCms.Webhooks;

/// <summary>A webhook connection the address policy refused; the attempt fails without a byte sent.</summary>
internal sealed class AddressRefusedException(string message) : IOException(message);

/// <summary>
/// The HTTP client webhooks are sent with. Its connect step resolves the host itself, checks every address against the
/// <see cref="AddressPolicy"/> and connects only to checked addresses, so neither a DNS answer nor an unusual spelling of an
/// address (<c>2130706433</c>, <c>0177.0.0.1</c>, <c>[::ffff:127.0.0.1]</c>) reaches an internal service. Redirects are not
/// followed: a 3xx answer is a failed attempt.
/// </summary>
internal sealed class WebhookConnector : IDisposable
{
    private readonly IReadOnlyList<IPNetwork> _allowed;
    private HttpClient? _client;

    public WebhookConnector(IOptions<WebhookOptions> options)
    {
        _allowed = options.Value.AllowedNetworks;
    }

    /// <summary>The client, made at the first delivery: a server without webhooks never loads the HTTP stack.</summary>
    public HttpClient Client => LazyInitializer.EnsureInitialized(ref _client, CreateClient);

    /// <summary>Why a URL whose host is an address literal is refused, or <c>null</c> (names are checked when connecting).</summary>
    public string? CheckLiteral(Uri url) =>
        IPAddress.TryParse(url.IdnHost.Trim('[', ']'), out var address) && AddressPolicy.Check(address, _allowed) is { } reason
            ? $"{address} is {reason}; add it to FastCms:Webhooks:AllowedAddresses to allow it."
            : null;

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host.Trim('[', ']');
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new AddressRefusedException($"{host} did not resolve to any address.");
        }

        foreach (var address in addresses)
        {
            if (AddressPolicy.Check(address, _allowed) is { } reason)
            {
                throw new AddressRefusedException($"{host} resolves to {address}, {reason}; add it to FastCms:Webhooks:AllowedAddresses to allow it.");
            }
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private HttpClient CreateClient()
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = ConnectAsync,
        };
        var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("FastCMS-Webhooks/1.0");
        return client;
    }

    public void Dispose() => _client?.Dispose();
}
