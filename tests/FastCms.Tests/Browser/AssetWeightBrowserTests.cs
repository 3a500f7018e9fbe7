using System.Text.RegularExpressions;
using FastCms.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FastCms.Tests.Browser;

/// <summary>What the admin costs a browser: bytes on a first visit, requests on a repeat visit, icons of plugins.</summary>
public sealed class AssetWeightBrowserTests(ITestOutputHelper output)
{
    private const long FirstVisitBudget = 80 * 1024;

    [Fact]
    public async Task Dashboard_FirstAndRepeatVisit_UnderBudgetAndRepeatFetchesOnlyTheDocument()
    {
        Chromium.SkipUnlessInstalled();
        await using var host = await KestrelHost.StartAsync("sqlite", prepareRoot: WriteIconPlugin);
        using var api = await AdminSession.SetUpAsync(host);
        await BrowserSession.RunAsync(async session =>
        {
            // Signed in, then a fresh browser profile with the same cookies: the dashboard with an empty cache.
            var signedIn = await AdminSession.SignInAsync(session, host);
            var visitor = await session.OpenAsync(host.BaseUrl, 1280, 800, await signedIn.Context.StorageStateAsync());
            var traffic = await NetworkTraffic.RecordAsync(visitor.Page);

            await visitor.Page.GotoAsync("/admin", new() { WaitUntil = WaitUntilState.NetworkIdle });
            await Expect(visitor.Page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync();
            var first = traffic.Take();
            Report("First visit", first);

            await visitor.Page.GotoAsync("/admin", new() { WaitUntil = WaitUntilState.NetworkIdle });
            await Expect(visitor.Page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync();
            var repeat = traffic.Take();
            Report("Repeat visit", repeat);

            Assert.Contains(first, e => e.Url.Contains("/admin/assets/icons.css?v=", StringComparison.Ordinal) && !e.FromCache);
            Assert.True(first.Sum(e => e.Bytes) < FirstVisitBudget, $"first visit: {first.Sum(e => e.Bytes)} bytes");
            Assert.DoesNotContain(first, e => e.Url.Contains("webfonts", StringComparison.Ordinal));
            var fromNetwork = Assert.Single(repeat, e => !e.FromCache);
            Assert.Equal(host.BaseUrl + "/admin", fromNetwork.Url);
            Assert.All(repeat.Where(e => e != fromNetwork), e => Assert.Contains("/admin/assets/", e.Url, StringComparison.Ordinal));

            // The plugin's icons are not among the core ones, yet are drawn: its sidebar entry and its page's template.
            var entry = visitor.Page.Locator("#sidebar").GetByRole(AriaRole.Link, new() { Name = "Dragons" }).Locator("i.fa-dragon");
            await Expect(entry).ToBeVisibleAsync();
            Assert.StartsWith("url(\"data:image/svg+xml", await entry.EvaluateAsync<string>("i => getComputedStyle(i).maskImage"));
            await visitor.Page.GetByRole(AriaRole.Link, new() { Name = "Dragons" }).ClickAsync();
            var docker = visitor.Page.Locator("#plugin-icon i.fa-docker");
            await Expect(docker).ToBeVisibleAsync();
            Assert.StartsWith("url(\"data:image/svg+xml", await docker.EvaluateAsync<string>("i => getComputedStyle(i).maskImage"));
            // A name Font Awesome does not have draws nothing (a transparent mask), rather than a filled box.
            Assert.StartsWith("linear-gradient", await visitor.Page.Locator("#plugin-icon i.fa-not-an-icon").EvaluateAsync<string>("i => getComputedStyle(i).maskImage"));
        });
    }

    private static void WriteIconPlugin(string root) =>
        PluginFolders.Write(root, "dragons",
            ("Plugin.cs", PluginFolders.Plugin("dragons", """
                ctx.AddAdminPage("dragons", "Dragons", "fa-dragon", "/admin/plugins/dragons");
                ctx.MapAdminPage("/", "index.liquid");
                """)),
            ("templates/index.liquid", """
                <p id="plugin-icon"><i class="fa-brands fa-docker" aria-hidden="true"></i> Containers
                <i class="fa-solid fa-not-an-icon" aria-hidden="true"></i></p>
                """));

    private void Report(string visit, IReadOnlyList<NetworkExchange> exchanges)
    {
        var network = exchanges.Where(e => !e.FromCache).ToList();
        output.WriteLine($"{visit}: {network.Count} request(s) to the server, {network.Sum(e => e.Bytes)} bytes transferred; {exchanges.Count - network.Count} from the browser cache");
        foreach (var e in exchanges)
        {
            output.WriteLine($"  {(e.FromCache ? "cache  " : "network")} {e.Bytes,7} B  {Regex.Replace(e.Url, "^https?://[^/]+", "")}");
        }
    }
}
