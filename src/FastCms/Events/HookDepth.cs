namespace FastCms.Events;

/// <summary>
/// How deep the current call path is in hook-triggered writes. A hook that writes a record runs one level
/// deeper than the write that triggered it; past <see cref="Limit"/> the write is refused, which stops hooks
/// that would otherwise trigger each other forever.
/// </summary>
internal static class HookDepth
{
    public const int Limit = 8;

    private static readonly AsyncLocal<int> CurrentDepth = new();

    /// <summary>The depth of the current flow: where it started (an after-hook's writes begin deeper) plus the
    /// before-hooks open on its running write.</summary>
    public static int Current => CurrentDepth.Value + (Data.DbSession.Ambient.Value?.HookLevel ?? 0);

    /// <summary>Runs the rest of the current async flow (outside any write) at <paramref name="depth"/>; dispose to restore.</summary>
    public static Scope Enter(int depth)
    {
        var previous = CurrentDepth.Value;
        CurrentDepth.Value = depth;
        return new Scope(previous);
    }

    /// <summary>Throws when a write at the current depth would exceed the limit.</summary>
    public static void EnsureWithinLimit(string collection)
    {
        if (Current > Limit)
        {
            throw new HookRecursionException(
                $"Hook recursion limit reached: a write to '{collection}' was triggered through more than {Limit} nested record hooks. " +
                "A hook is probably creating records that trigger itself again.");
        }
    }

    public readonly struct Scope(int previous) : IDisposable
    {
        public void Dispose() => CurrentDepth.Value = previous;
    }
}

/// <summary>A record write refused because hooks triggered each other too deeply.</summary>
internal sealed class HookRecursionException(string message) : Exception(message);
