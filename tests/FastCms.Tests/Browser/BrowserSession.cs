using System.Runtime.ExceptionServices;
using FastCms.Tests.Infrastructure;
using Microsoft.Playwright;

namespace FastCms.Tests.Browser;

/// <summary>
/// Chromium for one browser test. Every page opened through the session is checked when the test ends: a console
/// error (CSP violations among them), a script error, a failed request or a subresource answered with 4xx/5xx
/// fails the test, whether or not its own assertions noticed.
/// </summary>
public sealed class BrowserSession
{
    private readonly List<BrowserPage> _pages = [];

    private BrowserSession(IBrowser browser) => Browser = browser;

    public IBrowser Browser { get; }

    /// <summary>Runs <paramref name="test"/> with a fresh Chromium (skipped without one), then checks every page it opened.</summary>
    public static async Task RunAsync(Func<BrowserSession, Task> test)
    {
        Chromium.SkipUnlessInstalled();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var session = new BrowserSession(browser);
        ExceptionDispatchInfo? failure = null;
        try
        {
            await test(session);
        }
        catch (Exception e)
        {
            failure = ExceptionDispatchInfo.Capture(e);
        }

        var problems = session._pages.SelectMany(p => p.Problems.Select(problem => $"[{p.Suffix} px] {problem}")).ToList();
        if (problems.Count > 0)
        {
            Assert.Fail($"The browser reported {problems.Count} problem(s):\n{string.Join('\n', problems)}"
                + (failure is null ? "" : $"\n\nThe test failed as well: {failure.SourceException}"));
        }

        failure?.Throw();
    }

    public async Task<BrowserPage> OpenAsync(string baseUrl, int width, int height, string? storageState = null, bool javaScriptEnabled = true)
    {
        var page = await BrowserPage.OpenAsync(Browser, baseUrl, width, height, storageState, javaScriptEnabled);
        _pages.Add(page);
        return page;
    }
}
