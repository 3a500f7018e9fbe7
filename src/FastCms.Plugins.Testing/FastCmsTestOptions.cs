namespace FastCms.Plugins.Testing;

/// <summary>How <see cref="FastCmsTestServer"/> starts the server.</summary>
public sealed class FastCmsTestOptions
{
    /// <summary>The environment variable the kit reads a PostgreSQL server's connection string from.</summary>
    public const string PostgresVariable = "FASTCMS_TEST_POSTGRES";

    /// <summary>
    /// The plugin's folder, where its <c>templates/</c> and <c>static/</c> are read from. When unset, the kit looks for
    /// the <c>FastCms.PluginFolder</c> assembly metadata on the plugin's assembly
    /// (<c>&lt;AssemblyMetadata Include="FastCms.PluginFolder" Value="$(MSBuildProjectDirectory)" /&gt;</c>); without it, the plugin runs without admin page templates.
    /// </summary>
    public string? PluginFolder { get; set; }

    /// <summary>
    /// A PostgreSQL server to run on instead of SQLite (a connection string the kit may create a database with; the
    /// database is created for the server and dropped when it is disposed). <c>null</c> runs on a temporary SQLite file.
    /// </summary>
    public string? PostgresServer { get; set; }

    /// <summary>Configuration of the server (<c>FastCms:…</c> keys), applied over the kit's own.</summary>
    public IDictionary<string, string?> Configuration { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Runs on the PostgreSQL server named by <see cref="PostgresVariable"/>.</summary>
    /// <returns><c>false</c> (and nothing changed) when the variable is not set.</returns>
    public bool UsePostgresFromEnvironment()
    {
        if (Environment.GetEnvironmentVariable(PostgresVariable) is not { Length: > 0 } server)
        {
            return false;
        }

        PostgresServer = server;
        return true;
    }
}
