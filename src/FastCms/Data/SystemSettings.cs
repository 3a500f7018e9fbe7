namespace FastCms.Data;

/// <summary>Key/value settings the host keeps for itself in table <c>_settings</c>.</summary>
internal sealed class SystemSettings(Database database, TimeProvider clock)
{
    public async Task<string?> GetAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand("SELECT value FROM _settings WHERE key = @key");
        command.AddParameter("key", key);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>Stores <paramref name="value"/> unless the key exists; returns whether this call stored it.</summary>
    public Task<bool> TryAddAsync(DbSession session, string key, string value, CancellationToken cancellationToken) =>
        TryAddCoreAsync(session, key, value, cancellationToken);

    public Task<bool> TryAddAsync(string key, string value, CancellationToken cancellationToken) =>
        database.WriteAsync(session => TryAddCoreAsync(session, key, value, cancellationToken), cancellationToken);

    private async Task<bool> TryAddCoreAsync(DbSession session, string key, string value, CancellationToken cancellationToken)
    {
        await using var command = session.CreateCommand(
            "INSERT INTO _settings (key, value, updated) VALUES (@key, @value, @updated) ON CONFLICT (key) DO NOTHING");
        command.AddParameter("key", key)
            .AddParameter("value", value)
            .AddParameter("updated", session.Dialect.Timestamp(clock.GetUtcNow()));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
