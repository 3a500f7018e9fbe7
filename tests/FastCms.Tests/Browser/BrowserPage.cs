using FastCms.Tests.Infrastructure;
using Microsoft.Playwright;

namespace FastCms.Tests.Browser;

/// <summary>
/// A Playwright page that records console errors (CSP violations among them), script errors, failed requests and
/// subresources answered with 4xx or 5xx, and saves screenshots. Only a page itself may be answered with 4xx (a
/// form with errors, a not-found page): Chromium logs that as "Failed to load resource" too, and it is no problem.
/// </summary>
public sealed class BrowserPage
{
    private const string FailedResource = "Failed to load resource";

    private readonly Lock _gate = new();
    private readonly List<string> _problems = [];
    private readonly List<(string Url, string Text)> _failedResources = [];
    private readonly HashSet<string> _refusedDocuments = new(StringComparer.Ordinal);
    private readonly string _screenshots = Chromium.ScreenshotDirectory();

    private BrowserPage(IBrowserContext context, IPage page, string suffix)
    {
        Context = context;
        Page = page;
        Suffix = suffix;
        page.Console += (_, message) =>
        {
            if (message.Type != "error")
            {
                return;
            }

            if (message.Text.StartsWith(FailedResource, StringComparison.Ordinal))
            {
                Add(_failedResources, (ResourceUrl(message.Location), message.Text));
            }
            else
            {
                Add(_problems, $"console: {message.Text} at {message.Location}");
            }
        };
        page.PageError += (_, error) => Add(_problems, $"script error: {error}");
        page.RequestFailed += (_, request) =>
        {
            // A realtime stream never completes by itself: leaving the page cuts it, which is not a failure.
            if (request.ResourceType == "eventsource" && request.Failure == "net::ERR_ABORTED")
            {
                return;
            }

            Add(_problems, $"request failed: {request.Url} {request.Failure}");
        };
        page.Response += (_, response) =>
        {
            if (response.Status < 400)
            {
                return;
            }

            if (response.Request.ResourceType == "document")
            {
                Add(_refusedDocuments, response.Url);
            }
            else
            {
                Add(_problems, $"{response.Status} for {response.Url}");
            }
        };
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public string Suffix { get; }

    /// <summary>Everything that went wrong in this page so far; a browser test fails when there is anything.</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (_gate)
            {
                return [.. _problems, .. _failedResources.Where(f => !_refusedDocuments.Contains(f.Url)).Select(f => $"console: {f.Text} ({f.Url})")];
            }
        }
    }

    /// <summary>Opens a page; use <see cref="BrowserSession.OpenAsync"/>, which checks it when the test ends.</summary>
    internal static async Task<BrowserPage> OpenAsync(IBrowser browser, string baseUrl, int width, int height, string? storageState, bool javaScriptEnabled = true)
    {
        var context = await browser.NewContextAsync(new()
        {
            BaseURL = baseUrl,
            ViewportSize = new() { Width = width, Height = height },
            StorageState = storageState,
            JavaScriptEnabled = javaScriptEnabled,
        });
        context.SetDefaultTimeout(15_000);
        return new BrowserPage(context, await context.NewPageAsync(), $"{width}");
    }

    public Task ScreenshotAsync(string name) =>
        Page.ScreenshotAsync(new() { Path = Path.Combine(_screenshots, $"{name}-{Suffix}.png"), FullPage = true });

    /// <summary>
    /// A screenshot for the documentation: always among the artifacts, and under <c>docs/images</c> (without the
    /// width suffix) only when the run was asked to update them, so a normal test run never changes the repository.
    /// </summary>
    public async Task DocScreenshotAsync(string name, ILocator? part = null)
    {
        var paths = new List<string> { Path.Combine(_screenshots, $"{name}-{Suffix}.png") };
        if (Chromium.DocImagesDirectory() is { } docs)
        {
            Directory.CreateDirectory(docs);
            paths.Add(Path.Combine(docs, $"{name}.png"));
        }

        foreach (var path in paths)
        {
            await (part is null ? Page.ScreenshotAsync(new() { Path = path, FullPage = true }) : part.ScreenshotAsync(new() { Path = path }));
        }
    }

    public Task<bool> EvaluateAsync(string script) => Page.EvaluateAsync<bool>(script);

    // Playwright raises events on its own thread.
    private void Add<T>(ICollection<T> items, T item)
    {
        lock (_gate)
        {
            items.Add(item);
        }
    }

    // A console message's location is "url:line:column".
    private static string ResourceUrl(string location)
    {
        var end = location.Length;
        for (var i = 0; i < 2 && end > 0; i++)
        {
            var colon = location.LastIndexOf(':', end - 1);
            if (colon < 0 || !location[(colon + 1)..end].All(char.IsAsciiDigit))
            {
                return location[..end];
            }

            end = colon;
        }

        return location[..end];
    }
}
