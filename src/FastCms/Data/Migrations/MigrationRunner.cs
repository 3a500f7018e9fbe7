namespace FastCms.Data.Migrations;

/// <summary>Applies pending system migrations in one transaction, once, even with several instances starting together.</summary>
internal sealed class MigrationRunner(Database database, ILogger<MigrationRunner> logger)
{
    // Arbitrary constant; identifies the migration lock among PostgreSQL advisory locks.
    private const long MigrationLockKey = 0x46_43_4D_53_01;

    public async Task ApplyAsync(IReadOnlyList<Migration> migrations, CancellationToken cancellationToken)
    {
        var dialect = database.Dialect;
        await database.WriteAsync(async session =>
        {
            await dialect.LockAsync(session, MigrationLockKey, cancellationToken);
            await using (var create = session.CreateCommand(
                $"CREATE TABLE IF NOT EXISTS _migrations (id TEXT PRIMARY KEY, applied_at {dialect.TimestampType} NOT NULL)"))
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            var applied = new HashSet<string>(StringComparer.Ordinal);
            await using (var select = session.CreateCommand("SELECT id FROM _migrations"))
            await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    applied.Add(reader.GetString(0));
                }
            }

            foreach (var migration in migrations.OrderBy(m => m.Id, StringComparer.Ordinal))
            {
                if (applied.Contains(migration.Id))
                {
                    continue;
                }

                await using (var up = session.CreateCommand(migration.Sql(dialect)))
                {
                    await up.ExecuteNonQueryAsync(cancellationToken);
                }

                await using (var record = session.CreateCommand("INSERT INTO _migrations (id, applied_at) VALUES (@id, @at)"))
                {
                    record.AddParameter("id", migration.Id).AddParameter("at", dialect.Timestamp(DateTimeOffset.UtcNow));
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }

                logger.LogInformation("Applied schema migration {MigrationId}", migration.Id);
            }
        }, cancellationToken);
    }
}
