using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

// The raw ceiling of the load benchmark: the insert and the select-by-id that FastCMS does for a post, written
// directly against Microsoft.Data.Sqlite with the same pragmas (WAL, synchronous=NORMAL), the same table, ids and
// JSON shape, writers serialised by one gate as FastCMS does, and the logging defaults of FastCMS's appsettings.json;
// nothing else: no schema lookups, validation, rules, hooks, events, metrics, authentication or security headers.
// Like FastCMS, without a watcher on appsettings.json (see HostingExtensions.WithHostDefaults).
var builder = WebApplication.CreateSlimBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);
var file = builder.Configuration["Db"] ?? throw new InvalidOperationException("Pass --Db=<path of the SQLite file>.");
var store = await PostStore.OpenAsync(file);
if (builder.Configuration["Seed"] is { } seed && builder.Configuration["Ids"] is { } idsFile)
{
    // The benchmark's select-by-id looks up ids in a table as large as the one FastCMS was seeded with.
    await File.WriteAllLinesAsync(idsFile, await store.SeedAsync(int.Parse(seed, CultureInfo.InvariantCulture), builder.Configuration["Author"]));
}

var app = builder.Build();

app.MapGet("/health", () => TypedResults.Ok());
app.MapPost("/posts", async (PostRequest request, CancellationToken cancellationToken) =>
{
    var post = await store.InsertAsync(request.Data, cancellationToken);
    return TypedResults.Created($"/posts/{post.Id}", post);
});
app.MapGet("/posts/{id}", async Task<IResult> (string id, CancellationToken cancellationToken) =>
    await store.FindAsync(id, cancellationToken) is { } post ? TypedResults.Ok(post) : TypedResults.NotFound());

await app.RunAsync();

public sealed record PostData(string? Title, string? Body, double? Views, bool? Published, string? Author);

public sealed record PostRequest(PostData Data);

public sealed record Post(string Id, PostData Data, string Created, string Updated);

public sealed class PostStore(string connectionString) : IDisposable
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    private const string Columns = "\"id\", \"created\", \"updated\", \"title\", \"body\", \"views\", \"published\", \"author\"";
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    public static async Task<PostStore> OpenAsync(string file)
    {
        var store = new PostStore(new SqliteConnectionStringBuilder { DataSource = file, Pooling = true }.ToString());
        await using var connection = new SqliteConnection(store.ConnectionString);
        await connection.OpenAsync();
        await using var schema = connection.CreateCommand();
        schema.CommandText = $"""
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS "posts" ("id" TEXT PRIMARY KEY NOT NULL, "created" TEXT NOT NULL, "updated" TEXT NOT NULL,
              "title" TEXT NULL, "body" TEXT NULL, "views" REAL NULL, "published" INTEGER NULL, "author" TEXT NULL);
            CREATE INDEX IF NOT EXISTS "ix_posts_created" ON "posts" ("created", "id");
            CREATE INDEX IF NOT EXISTS "ix_posts_author" ON "posts" ("author");
            CREATE INDEX IF NOT EXISTS "ix_posts_published_views" ON "posts" ("published", "views");
            """;
        await schema.ExecuteNonQueryAsync();
        return store;
    }

    private string ConnectionString { get; } = connectionString;

    public async Task<Post> InsertAsync(PostData data, CancellationToken cancellationToken)
    {
        var id = RandomNumberGenerator.GetString(Alphabet, 15);
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = new SqliteConnection(ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA synchronous=NORMAL; INSERT INTO \"posts\" ({Columns}) VALUES (@id, @created, @updated, @title, @body, @views, @published, @author)";
            command.Parameters.AddWithValue("@id", id);
            command.Parameters.AddWithValue("@created", now);
            command.Parameters.AddWithValue("@updated", now);
            command.Parameters.AddWithValue("@title", (object?)data.Title ?? DBNull.Value);
            command.Parameters.AddWithValue("@body", (object?)data.Body ?? DBNull.Value);
            command.Parameters.AddWithValue("@views", (object?)data.Views ?? DBNull.Value);
            command.Parameters.AddWithValue("@published", data.Published is { } published ? (published ? 1 : 0) : DBNull.Value);
            command.Parameters.AddWithValue("@author", (object?)data.Author ?? DBNull.Value);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            _writeGate.Release();
        }

        return new Post(id, data, now, now);
    }

    public async Task<List<string>> SeedAsync(int count, string? author)
    {
        var ids = new List<string>(count);
        var random = new Random(8);
        for (var i = 0; i < count; i++)
        {
            var body = "<p>A seeded post for the load benchmark. It has a paragraph of text, about as long as the teaser of an article.</p>";
            var post = await InsertAsync(new PostData($"Post {i}", body, random.Next(0, 1001), random.Next(2) == 0, author), CancellationToken.None);
            ids.Add(post.Id);
        }

        return ids;
    }

    public async Task<Post?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM \"posts\" WHERE \"id\" = @id";
        command.Parameters.AddWithValue("@id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var data = new PostData(
            reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetDouble(5),
            reader.IsDBNull(6) ? null : reader.GetInt64(6) != 0,
            reader.IsDBNull(7) ? null : reader.GetString(7));
        return new Post(reader.GetString(0), data, reader.GetString(1), reader.GetString(2));
    }

    public void Dispose() => _writeGate.Dispose();
}
