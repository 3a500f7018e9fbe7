using System.Runtime.CompilerServices;

namespace FastCms.Storage;

/// <summary>
/// Files in a folder on disk (<c>data/storage</c> by default). A write goes to a temporary file beside the target and
/// is renamed over it at the end, so a reader never sees half a file and an aborted upload leaves nothing behind.
/// </summary>
internal sealed class LocalFileStorage(string root) : IFileStorage
{
    private const string TempSuffix = ".part";

    public string Name => "local";

    public string Root { get; } = Path.GetFullPath(root);

    public async Task WriteAsync(string key, Stream content, string contentType, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Guid.NewGuid():N}{TempSuffix}";
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file, 81920, cancellationToken);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    public Task<StoredObject?> StatAsync(string key, CancellationToken cancellationToken)
    {
        var info = new FileInfo(PathOf(key));
        return Task.FromResult(info.Exists ? new StoredObject(key, info.Length, info.LastWriteTimeUtc) : null);
    }

    public Task<Stream?> OpenReadAsync(string key, long offset, long? length, CancellationToken cancellationToken)
    {
        FileStream file;
        try
        {
            // Unbuffered: every reader copies in large blocks, so a buffer here would only add an 80 KiB allocation per
            // download.
            file = new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 0, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }

        file.Seek(offset, SeekOrigin.Begin);
        return Task.FromResult<Stream?>(length is { } count ? new SliceStream(file, count) : file);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // The record's folder is gone already: so is the file.
            return Task.CompletedTask;
        }

        RemoveEmptyFolders(Path.GetDirectoryName(path)!);
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<StoredObject> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The folder part of the prefix bounds the walk; the rest filters by name.
        var slash = prefix.LastIndexOf('/');
        var folder = slash < 0 ? Root : PathOf(prefix[..slash]);
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        foreach (var path in FilesUnder(folder))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var key = Path.GetRelativePath(Root, path).Replace(Path.DirectorySeparatorChar, '/');
            var info = new FileInfo(path);
            if (key.StartsWith(prefix, StringComparison.Ordinal) && !key.EndsWith(TempSuffix, StringComparison.Ordinal) && info.Exists)
            {
                yield return new StoredObject(key, info.Length, info.LastWriteTimeUtc);
            }
        }

        await Task.CompletedTask;
    }

    // A walk that tolerates folders vanishing under it: deleting a record's last file removes its folder, possibly
    // while a listing is on its way through.
    private static IEnumerable<string> FilesUnder(string folder)
    {
        var pending = new Stack<string>([folder]);
        while (pending.TryPop(out var directory))
        {
            string[] files, directories;
            try
            {
                files = Directory.GetFiles(directory);
                directories = Directory.GetDirectories(directory);
            }
            catch (DirectoryNotFoundException)
            {
                continue;
            }

            foreach (var file in files)
            {
                yield return file;
            }

            foreach (var child in directories)
            {
                pending.Push(child);
            }
        }
    }

    private string PathOf(string key)
    {
        var path = Path.GetFullPath(Path.Combine(Root, StorageKeys.Require(key).Replace('/', Path.DirectorySeparatorChar)));
        return path.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? path
            : throw new ArgumentException($"'{key}' is outside the storage root.", nameof(key));
    }

    // A record's folder goes away with its last file, so deleted records leave no empty folders behind.
    private void RemoveEmptyFolders(string folder)
    {
        while (folder.Length > Root.Length && folder.StartsWith(Root, StringComparison.Ordinal))
        {
            try
            {
                if (Directory.EnumerateFileSystemEntries(folder).Any())
                {
                    return;
                }

                Directory.Delete(folder);
            }
            catch (IOException)
            {
                return;
            }
            catch (UnauthorizedAccessException)
            {
                return;
            }

            folder = Path.GetDirectoryName(folder)!;
        }
    }
}
