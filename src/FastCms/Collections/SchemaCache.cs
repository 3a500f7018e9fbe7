using FastCms.Data;

namespace FastCms.Collections;

/// <summary>
/// The compiled schema every request uses. A schema change made by this instance replaces the snapshot as it
/// commits. Changes made by another instance on the same PostgreSQL database are noticed through the version
/// stamp in <c>_schema_version</c>, read at most once per <see cref="CheckInterval"/>: requests in between use the
/// snapshot they have, and a statement that fails because a table or column vanished forces an immediate check.
/// </summary>
internal sealed class SchemaCache(Database database, ILogger<SchemaCache> logger)
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _loadGate = new(1, 1);
    private readonly Lock _swap = new();
    private volatile SchemaSnapshot? _current;
    private long _checkedAt;
    private int _checking;

    public ValueTask<SchemaSnapshot> GetAsync(CancellationToken cancellationToken)
    {
        var current = _current;
        if (current is not null && Environment.TickCount64 - Interlocked.Read(ref _checkedAt) < (long)CheckInterval.TotalMilliseconds)
        {
            return ValueTask.FromResult(current);
        }

        // One request checks the stamp; the others carry on with the snapshot they have.
        if (current is not null && Interlocked.CompareExchange(ref _checking, 1, 0) != 0)
        {
            return ValueTask.FromResult(current);
        }

        return new ValueTask<SchemaSnapshot>(RefreshAsync(current is not null, cancellationToken));
    }

    /// <summary>Installs the snapshot a schema change built; call once the change has committed.</summary>
    public void Set(SchemaSnapshot snapshot)
    {
        Install(snapshot);
        Interlocked.Exchange(ref _checkedAt, Environment.TickCount64);
    }

    /// <summary>Compares the version stamp now and reloads when it moved (after a statement hit a missing table or column).</summary>
    public Task<SchemaSnapshot> RefreshAsync(CancellationToken cancellationToken) => RefreshAsync(false, cancellationToken);

    // Versions only grow; a slow reload must not replace a newer snapshot installed meanwhile.
    private SchemaSnapshot Install(SchemaSnapshot snapshot)
    {
        lock (_swap)
        {
            if (_current is null || snapshot.Version >= _current.Version)
            {
                _current = snapshot;
            }

            return _current;
        }
    }

    private async Task<SchemaSnapshot> RefreshAsync(bool holdsCheckFlag, CancellationToken cancellationToken)
    {
        try
        {
            await _loadGate.WaitAsync(cancellationToken);
            try
            {
                await using var lease = await database.LeaseAsync(cancellationToken);
                var version = await CollectionStore.ReadVersionAsync(lease, cancellationToken);
                var current = _current;
                if (current is null || current.Version != version)
                {
                    var definitions = await CollectionStore.LoadAllAsync(lease, database.Dialect, cancellationToken);
                    current = new SchemaSnapshot(version, definitions, database.Dialect);
                    logger.LogInformation("Loaded schema version {Version} with {Count} collections", version, definitions.Count);
                    current = Install(current);
                }

                Interlocked.Exchange(ref _checkedAt, Environment.TickCount64);
                return current;
            }
            finally
            {
                _loadGate.Release();
            }
        }
        finally
        {
            if (holdsCheckFlag)
            {
                Interlocked.Exchange(ref _checking, 0);
            }
        }
    }
}
