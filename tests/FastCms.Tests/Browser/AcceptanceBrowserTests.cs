using System.Text.RegularExpressions;
using FastCms.Tests.Infrastructure;
using Microsoft.Playwright;
using static FastCms.Tests.Infrastructure.PluginFolders;
using static Microsoft.Playwright.Assertions;

namespace FastCms.Tests.Browser;

/// <summary>
/// The admin UI's acceptance flow in headless Chromium against a fresh server with the shipped plugins and a
/// deliberately broken one: setup, sign-in, a collection with records, plugins, the example plugin's own page and
/// settings, jobs, metrics.
/// </summary>
public sealed class AcceptanceBrowserTests
{
    private const string Email = "owner@example.com";
    private const string Password = "Owner-pass-1234";

    [Fact]
    public async Task AdminUi_AcceptanceFlow_WorksInChromium()
    {
        Chromium.SkipUnlessInstalled();
        await using var host = await KestrelHost.StartAsync("sqlite", prepareRoot: root =>
        {
            CopyShipped(root, "hello_world");
            CopyShipped(root, "example_plugin");
            Write(root, "broken_plugin", ("BrokenPlugin.cs", Plugin("broken-plugin", "ctx.IncludeRouter(\"/broken\");")), ("Helpers.cs", "static class Helpers { static int Count() => \"many\"; }"));
        });
        await BrowserSession.RunAsync(async session =>
        {
            var desktop = await session.OpenAsync(host.BaseUrl, 1280, 800);
            await AcceptanceFlowAsync(session, host, desktop);
        });
    }

    private static async Task AcceptanceFlowAsync(BrowserSession session, KestrelHost host, BrowserPage desktop)
    {
        var page = desktop.Page;

        await SetUpAndSignInAsync(page);
        await CollectionAndRecordsAsync(desktop);

        // Plugins: both shipped plugins active, the broken one with its error and diagnostics.
        await page.Locator("#sidebar").GetByRole(AriaRole.Link, new() { Name = "Plugins", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Plugins", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#plugin-hello-world .badge.status")).ToHaveTextAsync("active");
        await Expect(page.Locator("#plugin-example-plugin .badge.status")).ToHaveTextAsync("active");
        var broken = page.Locator("#plugin-broken_plugin");
        await Expect(broken.Locator(".badge.status")).ToHaveTextAsync("compile error");
        await Expect(broken.GetByRole(AriaRole.Note)).ToContainTextAsync("Compilation failed with 1 error(s)");
        await Expect(broken.Locator(".diagnostics li")).ToContainTextAsync(new Regex(@"Helpers\.cs:1:\d+ CS0029 Cannot implicitly convert type 'string' to 'int'"));
        await desktop.ScreenshotAsync("20-plugins");

        // The example plugin's sidebar page, rendered from its template with its stylesheet.
        var sidebarEntry = page.Locator("#sidebar").GetByRole(AriaRole.Link, new() { Name = "Example Plugin" });
        await sidebarEntry.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/plugins/example-plugin$"));
        await Expect(sidebarEntry).ToHaveAttributeAsync("aria-current", "page");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Example Plugin", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator(".example-greeting")).ToHaveTextAsync("Hello from Example Plugin!");
        Assert.Equal("italic", await page.Locator(".example-greeting").EvaluateAsync<string>("e => getComputedStyle(e).fontStyle"));
        await desktop.ScreenshotAsync("21-example-plugin");

        // Its settings in the generated form: a wrong value first, then a new greeting that the plugin's route answers with.
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit settings" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Example Plugin settings" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("API key")).ToHaveAttributeAsync("type", "password");
        await page.GetByLabel("Greeting").FillAsync("Greetings from the browser");
        await page.GetByLabel("Max title length").FillAsync("12.5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Expect(page.Locator("#setting-max_title_length-error")).ToContainTextAsync("Must be an integer.");
        await Expect(page.GetByLabel("Max title length")).ToBeFocusedAsync();
        await desktop.ScreenshotAsync("22-plugin-settings-errors");
        await page.GetByLabel("Max title length").FillAsync("80");
        await page.GetByLabel("Generate slugs").UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Settings of Example Plugin saved; the plugin uses them now.");
        await Expect(page.GetByLabel("Generate slugs")).Not.ToBeCheckedAsync();
        await desktop.ScreenshotAsync("23-plugin-settings");
        var hello = await desktop.Context.APIRequest.GetAsync("/api/v1/plugins/example/hello");
        Assert.Equal("Greetings from the browser", (await hello.JsonAsync())?.GetProperty("message").GetString());
        await page.GotoAsync("/admin/plugins/example-plugin");
        await Expect(page.Locator(".example-greeting")).ToHaveTextAsync("Greetings from the browser");
        await Expect(page.Locator("#example-posts-created")).ToHaveTextAsync("2");
        await Expect(page.Locator(".example-last-title")).ToHaveTextAsync("Second post");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reset counters" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The counters were reset.");

        // Jobs: the example plugin's nightly job, run by hand.
        await page.Locator("#sidebar").GetByRole(AriaRole.Link, new() { Name = "Jobs", Exact = true }).ClickAsync();
        var job = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "nightly-summary" });
        await Expect(job).ToContainTextAsync("0 2 * * *");
        await job.GetByRole(AriaRole.Button, new() { Name = "Run now" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Job nightly-summary of example-plugin ran and succeeded.");
        await Expect(job.Locator(".badge")).ToHaveTextAsync("succeeded");
        await desktop.ScreenshotAsync("25-jobs");

        // Metrics: cards, chart, tables; the figures reload by themselves.
        await page.Locator("#sidebar").GetByRole(AriaRole.Link, new() { Name = "Metrics", Exact = true }).ClickAsync();
        await Expect(page.Locator("#metric-requests")).ToHaveTextAsync(new Regex(@"^\d[\d,]*$"));
        await Expect(page.Locator("svg.latency-chart path.line-p50")).ToHaveCountAsync(1);
        await Expect(page.Locator("table").First.Locator("tbody tr")).Not.ToHaveCountAsync(0);
        var pluginRow = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "example-plugin" });
        await Expect(pluginRow.Locator("td[data-label='Hook calls']")).Not.ToHaveTextAsync("0");
        await desktop.ScreenshotAsync("24-metrics");
        await Expect(page.Locator("#metrics-updated")).ToContainTextAsync("Updated", new() { Timeout = 25_000 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Pause updates" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Resume updates" })).ToHaveAttributeAsync("aria-pressed", "true");

        await CheckSmallScreenAsync(session, host.BaseUrl, await desktop.Context.StorageStateAsync());
    }

    private static async Task CollectionAndRecordsAsync(BrowserPage desktop)
    {
        var page = desktop.Page;
        await page.Locator("#sidebar").GetByRole(AriaRole.Link, new() { Name = "Collections", Exact = true }).ClickAsync();
        await Expect(page.GetByText("No collections yet.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "New collection" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).First.FillAsync("posts");
        var first = page.Locator("#field-row-0");
        await first.GetByLabel("Name").FillAsync("title");
        await first.GetByLabel("Required").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a field" }).ClickAsync();
        var second = page.Locator("#field-row-1");
        await Expect(second.GetByLabel("Name")).ToBeFocusedAsync();
        await second.GetByLabel("Name").FillAsync("views");
        await second.GetByLabel("Type").SelectOptionAsync("number");
        await second.GetByText("Validation and options").ClickAsync();
        await Expect(second.GetByLabel("Minimum length")).ToBeHiddenAsync();
        await second.GetByLabel("Minimum", new() { Exact = true }).FillAsync("0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a field" }).ClickAsync();
        await page.Locator("#field-row-2").GetByLabel("Name").FillAsync("published");
        await page.Locator("#field-row-2").GetByLabel("Type").SelectOptionAsync("bool");
        await page.GetByLabel("List", new() { Exact = true }).SelectOptionAsync("public");
        await desktop.ScreenshotAsync("13-collection-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create collection" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/collections/posts$"));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Collection posts was created.");

        // Records: create (after a validation error), edit, filter, sort, delete.
        await page.GetByRole(AriaRole.Link, new() { Name = "New record" }).ClickAsync();
        await page.GetByLabel("views").FillAsync("-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create record" }).ClickAsync();
        await Expect(page.Locator("#record-views-error")).ToContainTextAsync("Must be at least 0.");
        await Expect(page.Locator("#record-title-error")).ToContainTextAsync("This field is required.");
        await Expect(page.GetByLabel("title")).ToBeFocusedAsync();
        await desktop.ScreenshotAsync("15-record-errors");
        await page.GetByLabel("title").FillAsync("First post");
        await page.GetByLabel("views").FillAsync("5");
        await page.GetByLabel("published").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create record" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("was created.");
        await page.GetByLabel("title").FillAsync("First post, edited");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Changes saved.");
        await Expect(page.GetByLabel("title")).ToHaveValueAsync("First post, edited");
        await desktop.ScreenshotAsync("16-record");
        var firstRecord = page.Url;
        await page.GotoAsync("/admin/collections/posts/records/new");
        await page.GetByLabel("title").FillAsync("Second post");
        await page.GetByLabel("views").FillAsync("50");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create record" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "All records" }).ClickAsync();
        await Expect(page.Locator("td[data-label=title]")).ToHaveTextAsync(["First post, edited", "Second post"]);

        await page.GetByLabel("Filter").FillAsync("views >");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page.Locator("#filter-error")).ToContainTextAsync("position");
        await Expect(page.GetByLabel("Filter")).ToBeFocusedAsync();
        await desktop.ScreenshotAsync("17-filter-error");
        await page.GetByLabel("Filter").FillAsync("views > 10");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page.Locator("td[data-label=title]")).ToHaveTextAsync(["Second post"]);
        await page.GetByRole(AriaRole.Link, new() { Name = "Clear" }).ClickAsync();
        await page.GetByRole(AriaRole.Columnheader, new() { Name = "views" }).GetByRole(AriaRole.Link).ClickAsync();
        await page.GetByRole(AriaRole.Columnheader, new() { Name = "views" }).GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "views" })).ToHaveAttributeAsync("aria-sort", "descending");
        await Expect(page.Locator("td[data-label=title]")).ToHaveTextAsync(["Second post", "First post, edited"]);
        await desktop.ScreenshotAsync("14-records");

        await page.GotoAsync(firstRecord);
        await page.GetByRole(AriaRole.Link, new() { Name = "Delete…" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete record" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("was deleted.");
        await Expect(page.Locator("td[data-label=title]")).ToHaveTextAsync(["Second post"]);
    }

    private static async Task SetUpAndSignInAsync(IPage page)
    {
        await page.GotoAsync("/admin");
        await Expect(page).ToHaveURLAsync(new Regex("/admin/setup$"));
        await page.GetByLabel("Email").FillAsync(Email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("Confirm password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create admin account" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin$"));
        await Expect(page.Locator(".stat").Filter(new() { HasText = "Active plugins" }).Locator(".stat-value")).ToHaveTextAsync("2");
        await Expect(page.Locator(".stat").Filter(new() { HasText = "Failed plugins" }).Locator(".stat-value")).ToHaveTextAsync("1");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.GetByLabel("Email").FillAsync(Email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync();
    }

    private static async Task CheckSmallScreenAsync(BrowserSession session, string baseUrl, string storageState)
    {
        var phone = await session.OpenAsync(baseUrl, 390, 844, storageState);
        var pages = new[]
        {
            ("/admin/collections/create", "13-collection-form"),
            ("/admin/collections/posts", "14-records"),
            ("/admin/collections/posts/records/new", "16-record"),
            ("/admin/jobs", "25-jobs"),
            ("/admin/plugins", "20-plugins"),
            ("/admin/plugins/example-plugin", "21-example-plugin"),
            ("/admin/plugins/example-plugin/settings", "23-plugin-settings"),
            ("/admin/metrics", "24-metrics"),
        };
        foreach (var (url, name) in pages)
        {
            await phone.Page.GotoAsync(url);
            Assert.True(await phone.EvaluateAsync("document.documentElement.scrollWidth <= window.innerWidth"), $"{url} scrolls sideways at 390 px");
            await phone.ScreenshotAsync(name);
        }

        await phone.Context.CloseAsync();
    }
}
