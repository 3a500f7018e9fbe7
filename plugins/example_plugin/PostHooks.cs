using System.Text;
using System.Text.Json.Nodes;

namespace ExamplePlugin;

/// <summary>Hooks on the <c>posts</c> collection; they do nothing until such a collection exists.</summary>
public static class PostHooks
{
    public static void Register(IPluginContext ctx, IPluginSettings<ExampleSettings> settings, PostStats stats, IPluginDatabase<ExampleDb> database)
    {
        // Before the write, inside its transaction: validate and complete the data, or reject the write.
        ctx.OnRecordCreating("posts", change =>
        {
            var title = change.Data["title"]?.GetValue<string>()?.Trim();
            if (string.IsNullOrEmpty(title))
            {
                Interlocked.Increment(ref stats.Rejected);
                change.Reject("A post needs a title.");
            }

            if (title!.Length > settings.Current.MaxTitleLength)
            {
                Interlocked.Increment(ref stats.Rejected);
                change.Reject($"A post title may be at most {settings.Current.MaxTitleLength} characters long.");
            }

            if (settings.Current.GenerateSlugs && change.Fields.Contains("slug") && change.Data["slug"] is null)
            {
                change.Data["slug"] = Slugify(title);
            }
        });

        // Also before the write, after the check above (lower priority runs later): log the post in the plugin's own table.
        // The context joins the record's transaction, so if the write is rejected or fails later, the log line is gone too.
        ctx.OnRecordCreating("posts", async (change, ct) =>
        {
            await using var db = database.CreateContext();
            db.PostLog.Add(new PostLogEntry
            {
                PostId = change.RecordId,
                Title = change.Data["title"]?.GetValue<string>() ?? "",
                UserId = change.Actor.UserId,
            });
            await db.SaveChangesAsync(ct);
        }, priority: -10);

        // After the write committed: count it. Runs off the request path; an exception here is logged only.
        ctx.OnRecordCreate("posts", e =>
        {
            Interlocked.Increment(ref stats.Created);
            stats.LastTitle = e.Data["title"]?.GetValue<string>();
            ctx.Logger.LogInformation("New post created: id={RecordId} collection={Collection}", e.RecordId, e.Collection);
            return Task.CompletedTask;
        });
    }

    public static string Slugify(string title)
    {
        var slug = new StringBuilder();
        foreach (var c in title.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        return slug.ToString().Trim('-');
    }
}

/// <summary>Counters the admin route reports; kept in memory.</summary>
public sealed class PostStats
{
    public int Created;
    public int Rejected;
    public string? LastTitle;
}
