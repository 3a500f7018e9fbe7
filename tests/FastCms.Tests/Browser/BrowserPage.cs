using FastCms.Tests.Infrastructure;
using Microsoft.Playwright;

namespace FastCms.Tests.Browser;

/// <summary>
/// A Playwright page that records console errors (CSP violations among them), script errors and failed asset
/// requests, and saves screenshots. Pages answered with 4xx on purpose (a form with errors) are not problems.
/// </summary>
public sealed class BrowserPage
{
    private readonly List<string> _problems = [];
    private readonly string _screenshots = Chromium.ScreenshotDirectory();

    private BrowserPage(IBrowserContext context, IPage page, string suffix)
    {
        Context = context;
        Page = page;
        Suffix = suffix;
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                _problems.Add($"console: {message.Text}");
            }
        };
        page.PageError += (_, error) => _problems.Add($"script error: {error}");
        page.RequestFailed += (_, request) => _problems.Add($"request failed: {request.Url} {request.Failure}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400 && response.Request.ResourceType != "document")
            {
                _problems.Add($"{response.Status} for {response.Url}");
            }
        };
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public string Suffix { get; }

    public IReadOnlyList<string> Problems => _problems;

    public static async Task<BrowserPage> OpenAsync(IBrowser browser, string baseUrl, int width, int height, string? storageState = null)
    {
        var context = await browser.NewContextAsync(new()
        {
            BaseURL = baseUrl,
            ViewportSize = new() { Width = width, Height = height },
            StorageState = storageState,
        });
        context.SetDefaultTimeout(15_000);
        return new BrowserPage(context, await context.NewPageAsync(), $"{width}");
    }

    public Task ScreenshotAsync(string name) =>
        Page.ScreenshotAsync(new() { Path = Path.Combine(_screenshots, $"{name}-{Suffix}.png"), FullPage = true });

    public Task<bool> EvaluateAsync(string script) => Page.EvaluateAsync<bool>(script);
}
