namespace ExamplePlugin;

/// <summary>A scheduled job: every night at 02:00 UTC, counts notes and logged posts into the <c>last_summary</c> setting.</summary>
public static class NightlySummary
{
    public const string Name = "nightly-summary";

    public static void Register(IPluginContext ctx, IPluginDatabase<ExampleDb> database)
    {
        ctx.Schedule(Name, "0 2 * * *", async (job, ct) =>
        {
            await using var db = database.CreateContext();
            var notes = await db.Notes.CountAsync(ct);
            var posts = await db.PostLog.CountAsync(ct);
            await ctx.SetSettingAsync("last_summary", $"{notes} notes, {posts} posts logged (as of {job.ScheduledFor:yyyy-MM-dd HH:mm} UTC)", ct);
            job.Logger.LogInformation("Nightly summary: {Notes} notes, {Posts} posts", notes, posts);
        });
    }
}
