namespace FastCms.Tests.Infrastructure;

public static class TestPaths
{
    /// <summary>A new empty directory under the system temp folder; removed by the caller or left for inspection on failure.</summary>
    public static string NewRoot()
    {
        var root = Path.Combine(Path.GetTempPath(), "fastcms-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path.Combine(root, "plugins"));
        return root;
    }

    public static void TryDelete(string root)
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
