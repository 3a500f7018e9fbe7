using Microsoft.Playwright;

namespace FastCms.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium (<c>apt-get install chromium</c>) driven by Playwright; never a downloaded browser. Tests that
/// need it are skipped, with the reason, on machines without it.
/// </summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static void SkipUnlessInstalled() =>
        Assert.SkipUnless(File.Exists(ExecutablePath),
            $"Browser tests need Chromium at {ExecutablePath} (apt-get install chromium); .ci/run installs it.");

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = ExecutablePath,
        Headless = true,
        Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
    });

    /// <summary>Where screenshots go: <c>artifacts/screenshots</c> at the repository root (ignored by git).</summary>
    /// <summary>Set to <c>1</c> to let browser tests replace the screenshots under <c>docs/images</c>.</summary>
    public const string DocImagesVariable = "FASTCMS_UPDATE_DOC_IMAGES";

    public static string ScreenshotDirectory()
    {
        var path = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Where documentation screenshots go, or <c>null</c> unless this run was asked to update them.</summary>
    public static string? DocImagesDirectory() =>
        Environment.GetEnvironmentVariable(DocImagesVariable) == "1" ? Path.Combine(RepositoryRoot(), "docs", "images") : null;

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "FastCms.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? AppContext.BaseDirectory;
    }
}
