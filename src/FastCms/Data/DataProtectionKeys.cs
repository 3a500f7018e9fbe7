using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace FastCms.Data;

/// <summary>
/// ASP.NET Core Data Protection (admin session cookies, anti-forgery tokens) with its key ring in the database
/// (table <c>_data_protection_keys</c>), so sessions survive restarts and every instance on a shared PostgreSQL
/// database accepts the others' cookies. Like the generated JWT secret, the keys are as safe as the database.
/// </summary>
internal static class DataProtectionKeys
{
    public const string ApplicationName = "FastCms";

    public static IHostApplicationBuilder AddDataProtectionInDatabase(this IHostApplicationBuilder builder)
    {
        builder.Services.AddDataProtection().SetApplicationName(ApplicationName);
        builder.Services.AddSingleton<DatabaseXmlRepository>();
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<DatabaseXmlRepository>((options, repository) => options.XmlRepository = repository);
        return builder;
    }

    /// <summary>
    /// Data Protection loads the key ring at startup to spare the first protected request the wait. Only the admin UI's
    /// cookies, anti-forgery tokens, file tokens and webhook secrets use it, so an idle server would hold the XML stack
    /// (some 3 MiB resident) for nothing; the first call that needs the keys loads them instead. That call may create the
    /// first key, which writes to the database on a connection of its own: no protect or unprotect may run inside a
    /// write turn, where it would wait on SQLite's write lock. Call it after everything that adds Data Protection (each
    /// of them adds the warm-up again).
    /// </summary>
    public static IServiceCollection LoadKeyRingOnFirstUse(this IServiceCollection services)
    {
        var warmUp = services.SingleOrDefault(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name == "DataProtectionHostedService");
        if (warmUp is not null)
        {
            services.Remove(warmUp);
        }

        return services;
    }
}

/// <summary>
/// The key ring's storage. <see cref="IXmlRepository"/> is synchronous, so this uses synchronous ADO.NET; it is
/// called when a key ring is loaded or a key is created (every few months), never per request.
/// </summary>
internal sealed class DatabaseXmlRepository(IServiceProvider services, TimeProvider clock) : IXmlRepository
{
    // Resolved on first use: the key ring is wired up while the pipeline is built, before the configuration
    // (including the database settings) has been validated.
    private Database Database => services.GetRequiredService<Database>();

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = Database.Open();
        using var command = connection.CreateCommand("SELECT xml FROM _data_protection_keys ORDER BY created, id");
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        // A single autocommitted INSERT: atomic on its own, and rare enough not to need the SQLite write queue.
        using var connection = Database.Open();
        using var command = connection.CreateCommand(
            "INSERT INTO _data_protection_keys (id, xml, created) VALUES (@id, @xml, @created) ON CONFLICT (id) DO NOTHING");
        command.AddParameter("id", string.IsNullOrEmpty(friendlyName) ? RandomId.New() : friendlyName)
            .AddParameter("xml", element.ToString(SaveOptions.DisableFormatting))
            .AddParameter("created", Database.Dialect.Timestamp(clock.GetUtcNow()));
        command.ExecuteNonQuery();
    }
}
