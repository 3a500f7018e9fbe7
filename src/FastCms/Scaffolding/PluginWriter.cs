namespace FastCms.Scaffolding;

/// <summary>
/// Writes a plugin folder all at once: the files go into a hidden staging folder (discovery skips names starting with
/// '.'), which is then renamed. A folder that appeared in the meantime is never overwritten, and a failure leaves no
/// half-written plugin behind.
/// </summary>
internal static class PluginWriter
{
    public static bool TryWrite(string pluginsDir, string folder, IReadOnlyList<(string Path, string Content)> files, out string error)
    {
        var target = Path.Combine(pluginsDir, folder);
        var staging = Path.Combine(pluginsDir, $".{folder}.{Guid.NewGuid():N}.tmp");
        try
        {
            foreach (var (path, content) in files)
            {
                var file = Path.Combine(staging, path);
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.WriteAllText(file, content);
            }

            if (Directory.Exists(target) || File.Exists(target))
            {
                error = $"{target} already exists; nothing was changed.";
                return false;
            }

            Directory.Move(staging, target);
            error = "";
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"Could not create {target}: {e.Message}";
            return false;
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }
}
