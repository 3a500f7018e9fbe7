// A hook script: rename this file to example.cs (without the leading underscore) and restart to switch it on.
// See docs/hooks.md.
public sealed class ExampleHooks : IHookScript
{
    public void Register(IHookContext ctx)
    {
        // After a record is written in any collection, log who did it.
        ctx.OnRecordCreate(null, e =>
        {
            ctx.Logger.LogInformation("{Collection}/{Id} created by {User}", e.Collection, e.RecordId, e.Actor.UserId ?? e.Actor.Role);
            return Task.CompletedTask;
        });

        // Every day at 03:00 UTC.
        ctx.Schedule("daily-hello", "0 3 * * *", job =>
        {
            ctx.Logger.LogInformation("Good morning from a hook script");
            return Task.CompletedTask;
        });
    }
}
