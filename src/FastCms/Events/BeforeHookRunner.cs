using System.Diagnostics;
using FastCms.Data;
using FastCms.Kernel;
using FastCms.Plugins.Events;

namespace FastCms.Events;

/// <summary>Runs before-hooks inside a write's transaction, in order; a rejection or failure stops the write.</summary>
internal sealed class BeforeHookRunner(HookRegistry registry, ILogger<BeforeHookRunner> logger)
{
    /// <summary>
    /// Runs every matching before-hook inside <paramref name="session"/>, the write's transaction. Throws <see cref="RecordRejectedException"/> when a hook rejects the
    /// write and <see cref="HookFailedException"/> when one fails unexpectedly.
    /// </summary>
    public async ValueTask RunAsync(DbSession session, RecordChange change, CancellationToken cancellationToken)
    {
        var hooks = registry.Before(change.Operation, change.Collection);
        if (hooks.IsEmpty)
        {
            return;
        }

        // Writes made by the hooks join this session and run one level deeper.
        session.HookLevel++;
        try
        {
            foreach (var hook in hooks)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await hook.Handler(change, cancellationToken);
                }
                catch (Exception e) when (e is not (RecordRejectedException or HookRecursionException)
                    && (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
                {
                    FastCmsMeter.HookErrors.Add(1, Tags(hook.Owner, change.Operation));
                    logger.LogError(e, "Before-hook of {Owner} failed on {Operation} in {Collection}", hook.Owner, change.Operation, change.Collection);
                    throw new HookFailedException(hook.Owner, e);
                }
                finally
                {
                    FastCmsMeter.HookDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, Tags(hook.Owner, change.Operation));
                }
            }
        }
        finally
        {
            session.HookLevel--;
        }
    }

    private static TagList Tags(string owner, RecordOperation operation) => new()
    {
        { "plugin", owner },
        { "event", operation.EventName() },
        { "phase", "before" },
    };
}

/// <summary>A before-hook threw something other than a rejection; the write is rolled back.</summary>
internal sealed class HookFailedException(string owner, Exception inner)
    : Exception($"A before-hook of '{owner}' failed: {inner.Message}", inner)
{
    public string Owner { get; } = owner;
}
