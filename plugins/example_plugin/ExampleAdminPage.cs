using System.Collections.Concurrent;

namespace ExamplePlugin;

/// <summary>
/// The plugin's admin page at /admin/plugins/example-plugin, rendered from templates/index.liquid: post
/// statistics, the current settings (secrets masked by the host), the latest events, and a form that resets the
/// counters. Its stylesheet is static/example.css.
/// </summary>
public static class ExampleAdminPage
{
    private const int ShownEvents = 10;

    public static void Map(IPluginContext ctx, PostStats stats)
    {
        var recent = new ConcurrentQueue<RecentEvent>();
        ctx.OnAnyEvent((e, cancellationToken) =>
        {
            recent.Enqueue(new RecentEvent(e.Timestamp, e.Type, e.Collection, (e as RecordEvent)?.RecordId));
            while (recent.Count > ShownEvents && recent.TryDequeue(out _))
            {
            }

            return ValueTask.CompletedTask;
        });

        ctx.MapAdminPage("/", "index.liquid", http => new
        {
            PostsCreated = stats.Created,
            PostsRejected = stats.Rejected,
            LastPostTitle = stats.LastTitle,
            RecentEvents = recent.Reverse().ToList(),
            CountersReset = http.Request.Query.ContainsKey("reset"),
        });

        // The form on the page posts here; the host checks the admin session and the anti-forgery token.
        ctx.IncludeAdminRouter().MapPost("/reset", () =>
        {
            Interlocked.Exchange(ref stats.Created, 0);
            Interlocked.Exchange(ref stats.Rejected, 0);
            stats.LastTitle = null;
            return Results.Redirect("/admin/plugins/" + ctx.PluginId + "?reset=1");
        });
    }

    private sealed record RecentEvent(DateTimeOffset Time, string Type, string Collection, string? RecordId);
}
