using Microsoft.AspNetCore.StaticFiles;

namespace FastCms.Storage;

/// <summary>What a copy between two backends did.</summary>
internal sealed record CopyResult(int Copied, int Skipped, int Failed, long Bytes);

/// <summary>
/// Copies every object from one backend to another, for switching backends. Objects the target already holds with
/// the same length are skipped, so an interrupted copy can simply be run again. Nothing is deleted from either side.
/// </summary>
internal sealed class StorageCopier(IFileStorage source, IFileStorage target, ILogger logger)
{
    private const int Parallelism = 4;
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    /// <param name="progress">Called with the running totals after each object.</param>
    public async Task<CopyResult> CopyAsync(bool overwrite, Action<CopyResult> progress, CancellationToken cancellationToken)
    {
        int copied = 0, skipped = 0, failed = 0;
        long bytes = 0;
        var gate = new Lock();
        await Parallel.ForEachAsync(source.ListAsync("", cancellationToken), new ParallelOptions
        {
            MaxDegreeOfParallelism = Parallelism,
            CancellationToken = cancellationToken,
        }, async (item, token) =>
        {
            var outcome = await CopyOneAsync(item, overwrite, token);
            lock (gate)
            {
                switch (outcome)
                {
                    case Outcome.Copied:
                        copied++;
                        bytes += item.Length;
                        break;
                    case Outcome.Skipped:
                        skipped++;
                        break;
                    default:
                        failed++;
                        break;
                }

                progress(new CopyResult(copied, skipped, failed, bytes));
            }
        });
        return new CopyResult(copied, skipped, failed, bytes);
    }

    private enum Outcome
    {
        Copied,
        Skipped,
        Failed,
    }

    private async Task<Outcome> CopyOneAsync(StoredObject item, bool overwrite, CancellationToken cancellationToken)
    {
        try
        {
            if (!overwrite && await target.StatAsync(item.Key, cancellationToken) is { } existing && existing.Length == item.Length)
            {
                return Outcome.Skipped;
            }

            await using var content = await source.OpenReadAsync(item.Key, 0, null, cancellationToken);
            if (content is null)
            {
                // Deleted on the source since it was listed: nothing to copy.
                return Outcome.Skipped;
            }

            var contentType = ContentTypes.TryGetContentType(item.Key, out var type) ? type : "application/octet-stream";
            await target.WriteAsync(item.Key, content, contentType, cancellationToken);
            return Outcome.Copied;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Could not copy {Key} from {Source} to {Target}", item.Key, source.Name, target.Name);
            return Outcome.Failed;
        }
    }
}
