namespace MyPlugin;

/// <summary>What the admin page shows. Kept in memory: a restart starts counting from zero.</summary>
public sealed class MyPluginActivity
{
    private int _recordsCreated;

    public int RecordsCreated => Volatile.Read(ref _recordsCreated);

    public string? LastCollection { get; private set; }

    public void RecordCreated(string collection)
    {
        Interlocked.Increment(ref _recordsCreated);
        LastCollection = collection;
    }
}
