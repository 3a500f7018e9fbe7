namespace FastCms.Tests.Infrastructure;

/// <summary>For tests that start their own servers: the databases to run against, one theory row each.</summary>
public static class Databases
{
    public static TheoryData<string> All => new("sqlite", "postgres");

    /// <summary>Creates the database, or skips the test when it is PostgreSQL and none is configured.</summary>
    public static async Task<TestDatabase> CreateAsync(string provider)
    {
        if (provider == "sqlite")
        {
            return new SqliteTestDatabase();
        }

        Assert.SkipWhen(TestDatabase.PostgresServer is null, $"PostgreSQL tests need {TestDatabase.PostgresVariable}; .ci/run sets it.");
        return await PostgresTestDatabase.CreateAsync(TestDatabase.PostgresServer!);
    }
}
