using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Playwright;

namespace FastCms.Tests.Browser;

/// <summary>One request of a page as Chromium's network panel sees it.</summary>
/// <param name="Url">The requested address.</param>
/// <param name="FromCache">Answered by the browser's cache without asking the server.</param>
/// <param name="Bytes">Bytes received from the network: headers and the body as sent (compressed).</param>
public sealed record NetworkExchange(string Url, bool FromCache, long Bytes);

/// <summary>
/// Records a page's requests through the DevTools protocol (<c>Network.*</c> events), which tells cache hits from
/// network requests and counts the encoded bytes that actually travelled.
/// </summary>
public sealed class NetworkTraffic
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new();

    private NetworkTraffic()
    {
    }

    public static async Task<NetworkTraffic> RecordAsync(IPage page)
    {
        var traffic = new NetworkTraffic();
        var cdp = await page.Context.NewCDPSessionAsync(page);
        cdp.Event("Network.requestWillBeSent").OnEvent += (_, e) => traffic.Get(e).Url = e!.Value.GetProperty("request").GetProperty("url").GetString()!;
        cdp.Event("Network.requestServedFromCache").OnEvent += (_, e) => traffic.Get(e).FromCache = true;
        cdp.Event("Network.responseReceived").OnEvent += (_, e) =>
        {
            if (e!.Value.GetProperty("response").TryGetProperty("fromDiskCache", out var disk) && disk.GetBoolean())
            {
                traffic.Get(e).FromCache = true;
            }
        };
        cdp.Event("Network.loadingFinished").OnEvent += (_, e) =>
        {
            var entry = traffic.Get(e);
            entry.Bytes = (long)e!.Value.GetProperty("encodedDataLength").GetDouble();
            entry.Finished = true;
        };
        await cdp.SendAsync("Network.enable");
        await cdp.SendAsync("Network.setCacheDisabled", new() { ["cacheDisabled"] = false });
        return traffic;
    }

    /// <summary>The finished requests recorded so far, which are then forgotten.</summary>
    public IReadOnlyList<NetworkExchange> Take()
    {
        var finished = _entries.Where(e => e.Value.Finished).ToList();
        foreach (var (id, _) in finished)
        {
            _entries.TryRemove(id, out _);
        }

        // Icons drawn from data: URIs inside the stylesheet show up as requests too; they never leave the browser.
        return [.. finished.Where(e => e.Value.Url.StartsWith("http", StringComparison.Ordinal))
            .Select(e => new NetworkExchange(e.Value.Url, e.Value.FromCache, e.Value.Bytes)).OrderBy(e => e.Url, StringComparer.Ordinal)];
    }

    private Entry Get(JsonElement? e) => _entries.GetOrAdd(e!.Value.GetProperty("requestId").GetString()!, _ => new Entry());

    private sealed class Entry
    {
        public string Url { get; set; } = "";

        public bool FromCache { get; set; }

        public long Bytes { get; set; }

        public bool Finished { get; set; }
    }
}
