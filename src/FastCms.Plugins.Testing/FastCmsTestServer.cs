using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using FastCms.Data;
using FastCms.PluginHost.Loading;
using FastCms.Plugins.Data;
using Microsoft.Extensions.DependencyInjection;

namespace FastCms.Plugins.Testing;

/// <summary>
/// A real FastCMS running in the test's process with one plugin, the plugin under test, on a temporary database:
/// <c>await using var cms = await FastCmsTestServer.StartAsync&lt;MyPlugin&gt;();</c>. It has an admin and a signed-in
/// user, and disposing it stops the server and deletes its database and folders.
/// </summary>
public sealed class FastCmsTestServer : IAsyncDisposable
{
    /// <summary>The password of <see cref="AdminEmail"/> and <see cref="UserEmail"/>.</summary>
    public const string Password = "plugin-test-Passw0rd!";

    private readonly KitFactory _factory;
    private readonly KitDatabase _database;

    private FastCmsTestServer(KitFactory factory, KitDatabase database, string root, string pluginId)
    {
        _factory = factory;
        _database = database;
        Root = root;
        PluginId = pluginId;
        Anonymous = factory.CreateClient();
        Admin = factory.CreateClient();
        User = factory.CreateClient();
    }

    /// <summary>The id of the plugin under test (its <c>Meta.Id</c>).</summary>
    public string PluginId { get; }

    /// <summary>The server's temporary folder (<c>data/</c>, <c>plugins/</c>); deleted on dispose.</summary>
    public string Root { get; }

    /// <summary><c>sqlite</c> or <c>postgres</c>.</summary>
    public string DatabaseProvider => _database.Provider;

    /// <summary>A client without credentials.</summary>
    public HttpClient Anonymous { get; }

    /// <summary>A client signed in as the server's first admin, <see cref="AdminEmail"/>.</summary>
    public HttpClient Admin { get; }

    /// <summary>A client signed in as an ordinary user, <see cref="UserEmail"/>.</summary>
    public HttpClient User { get; }

    public string AdminEmail => "admin@example.com";

    public string UserEmail => "user@example.com";

    /// <summary>The user id of <see cref="User"/>.</summary>
    public string UserId { get; private set; } = "";

    /// <summary>The server's services (for what HTTP does not reach).</summary>
    public IServiceProvider Services => _factory.Services;

    /// <summary>Starts the server with <typeparamref name="TPlugin"/> and signs in its admin and user.</summary>
    /// <exception cref="InvalidOperationException">The plugin did not become active; the message has its status and error.</exception>
    public static async Task<FastCmsTestServer> StartAsync<TPlugin>(Action<FastCmsTestOptions>? configure = null, CancellationToken cancellationToken = default)
        where TPlugin : class, IPlugin, new()
    {
        var options = new FastCmsTestOptions();
        configure?.Invoke(options);
        var pluginId = new TPlugin().Meta.Id;
        var root = Directory.CreateTempSubdirectory("fastcms-plugin-test-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "plugins"));
        var folder = options.PluginFolder ?? FindPluginFolder(typeof(TPlugin).Assembly)
            ?? Directory.CreateDirectory(Path.Combine(root, "plugin")).FullName;

        KitDatabase? database = null;
        KitFactory? factory = null;
        try
        {
            database = await KitDatabase.CreateAsync(options.PostgresServer, cancellationToken);
            var settings = database.Settings.Concat(options.Configuration).ToDictionary(s => s.Key, s => s.Value, StringComparer.OrdinalIgnoreCase);
            factory = new KitFactory(root, settings, new PreloadedPlugin(typeof(TPlugin), Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)), Path.GetFullPath(folder)));
            var server = new FastCmsTestServer(factory, database, root, pluginId);
            await server.SignInAsync(cancellationToken);
            await server.EnsurePluginActiveAsync(cancellationToken);
            return server;
        }
        catch
        {
            if (factory is not null)
            {
                await factory.DisposeAsync();
            }

            if (database is not null)
            {
                await database.DisposeAsync();
            }

            TryDelete(root);
            throw;
        }
    }

    /// <summary>A new client without credentials (its own cookies, for admin pages).</summary>
    public HttpClient CreateClient() => _factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>
    /// A new client signed in to the admin UI as the admin (a session cookie, redirects not followed), for the plugin's
    /// admin pages at <c>/admin/plugins/{id}</c>. Dispose it.
    /// </summary>
    public async Task<HttpClient> CreateAdminPagesClientAsync(CancellationToken cancellationToken = default)
    {
        var browser = CreateClient();
        try
        {
            await KitAdminPages.SignInAsync(browser, AdminEmail, Password, cancellationToken);
            return browser;
        }
        catch
        {
            browser.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A new instance of the plugin's database context, on the server's database. Dispose it. Saves made through it
    /// are ordinary plugin saves (each its own transaction).
    /// </summary>
    public TContext CreateDbContext<TContext>() where TContext : PluginDbContext
    {
        var databases = Services.GetRequiredService<PluginDatabases>();
        var binding = databases.Find(typeof(TContext))
            ?? throw new InvalidOperationException($"{typeof(TContext).Name} is not a database context of an active plugin; declare it with ctx.UseDatabase<{typeof(TContext).Name}>().");
        return (TContext)databases.Create(binding);
    }

    /// <summary>The plugin as <c>GET /api/v1/admin/plugins/{id}</c> reports it (status, error, routes, …).</summary>
    public Task<JsonObject> GetPluginAsync(CancellationToken cancellationToken = default) =>
        KitHttp.SendAsync(Admin, HttpMethod.Get, $"/api/v1/admin/plugins/{PluginId}", null, cancellationToken);

    /// <summary>The plugin's settings as the admin API shows them (secrets masked).</summary>
    public Task<JsonObject> GetSettingsAsync(CancellationToken cancellationToken = default) =>
        KitHttp.SendAsync(Admin, HttpMethod.Get, $"/api/v1/admin/plugins/{PluginId}/settings", null, cancellationToken);

    /// <summary>Changes settings through the admin API (keys in snake_case; <c>null</c> removes a key); the running plugin sees them at once.</summary>
    public Task<JsonObject> UpdateSettingsAsync(object changes, CancellationToken cancellationToken = default) =>
        KitHttp.SendAsync(Admin, HttpMethod.Patch, $"/api/v1/admin/plugins/{PluginId}/settings", changes, cancellationToken);

    /// <summary>Creates a collection as the admin. <paramref name="fields"/> are field definitions such as <c>new { name = "title", type = "text" }</c>.</summary>
    /// <param name="rules">Access rules by name (<c>list_rule</c>, <c>create_rule</c>, …); omitted rules are public (<c>""</c>).</param>
    public Task<JsonObject> CreateCollectionAsync(string name, IEnumerable<object> fields, IReadOnlyDictionary<string, string?>? rules = null, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["name"] = name, ["type"] = "base", ["schema"] = JsonSerializer.SerializeToNode(fields.ToArray()) };
        foreach (var rule in new[] { "list_rule", "view_rule", "create_rule", "update_rule", "delete_rule" })
        {
            body[rule] = rules is not null && rules.TryGetValue(rule, out var value) ? value : "";
        }

        return KitHttp.SendAsync(Admin, HttpMethod.Post, "/api/v1/collections", body, cancellationToken);
    }

    /// <summary>Creates a record through the records API as <paramref name="client"/> (the admin when <c>null</c>); answers the record in the API's shape.</summary>
    public Task<JsonObject> CreateRecordAsync(string collection, object data, HttpClient? client = null, CancellationToken cancellationToken = default) =>
        KitHttp.SendAsync(client ?? Admin, HttpMethod.Post, $"/api/v1/collections/{collection}/records", new { data }, cancellationToken);

    /// <summary>A record through the records API as the admin, or <c>null</c> when there is none.</summary>
    public Task<JsonObject?> GetRecordAsync(string collection, string id, CancellationToken cancellationToken = default) =>
        KitHttp.TryGetAsync(Admin, $"/api/v1/collections/{collection}/records/{id}", cancellationToken);

    public async ValueTask DisposeAsync()
    {
        Anonymous.Dispose();
        Admin.Dispose();
        User.Dispose();
        await _factory.DisposeAsync();
        await _database.DisposeAsync();
        TryDelete(Root);
    }

    private async Task SignInAsync(CancellationToken cancellationToken)
    {
        var setup = await KitHttp.SendAsync(Anonymous, HttpMethod.Post, "/api/v1/setup",
            new { email = AdminEmail, password = Password, password_confirm = Password }, cancellationToken);
        KitHttp.UseBearer(Admin, setup);
        var registered = await KitHttp.SendAsync(Anonymous, HttpMethod.Post, "/api/v1/auth/register",
            new { email = UserEmail, password = Password, password_confirm = Password, name = "Test User" }, cancellationToken);
        KitHttp.UseBearer(User, registered);
        UserId = registered["user"]?["id"]?.GetValue<string>() ?? "";
    }

    private async Task EnsurePluginActiveAsync(CancellationToken cancellationToken)
    {
        var plugin = await GetPluginAsync(cancellationToken);
        if (plugin["status"]?.GetValue<string>() != "active")
        {
            throw new InvalidOperationException($"Plugin {PluginId} did not start: {plugin["status"]} — {plugin["error"]}");
        }
    }

    private static string? FindPluginFolder(Assembly assembly) =>
        assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "FastCms.PluginFolder")?.Value is { Length: > 0 } path
            && Directory.Exists(path) ? path : null;

    private static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open (a SQLite handle being released) must not fail the test; the folder is temporary.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
