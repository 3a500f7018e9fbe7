using FastCms.Tests.Infrastructure;
using static FastCms.Tests.Infrastructure.PluginFolders;

namespace FastCms.Tests.PluginSwitch;

/// <summary>
/// Plugins to switch off and on: one that uses every kind of registration (route, before- and after-hook, job, admin
/// page, settings subscription), a dependency pair, one whose <c>Register</c> throws when a setting says so, and one
/// that does not compile.
/// </summary>
public static class SwitchPlugins
{
    public static void Write(string root)
    {
        PluginFolders.Write(root, "a_switch",
            ("Plugin.cs", Plugin("switch", """
                var api = ctx.IncludeRouter("/switch");
                api.MapGet("/ping", () => "pong");
                api.MapGet("/color-changes", () => Counters.ColorChanges);
                ctx.OnRecordCreating("switched", change => change.Data["title"] = (change.Data["title"]?.GetValue<string>() ?? "") + " (hooked)");
                ctx.OnRecordCreate("switched", async (e, ct) => await ctx.SetSettingAsync("last_after", e.RecordId, ct));
                ctx.Schedule("tick", "* * * * * *", async (job, ct) => await ctx.SetSettingAsync("job_runs", Interlocked.Increment(ref Counters.JobRuns), ct));
                ctx.OnSettingsChanged((change, ct) =>
                {
                    if (change.ChangedKeys.Contains("color"))
                    {
                        Interlocked.Increment(ref Counters.ColorChanges);
                    }

                    return ValueTask.CompletedTask;
                });
                ctx.AddAdminPage("switch-page", "Switch page", "fa-toggle-on", "/admin/plugins/switch");
                ctx.MapAdminPage("/", "index.liquid");
                """) + """

                public static class Counters
                {
                    public static int JobRuns;
                    public static int ColorChanges;
                }
                """),
            ("templates/index.liquid", """<p id="switch-page">the switch page</p>"""));
        PluginFolders.Write(root, "b_base", "Plugin.cs", Plugin("base", """ctx.IncludeRouter("/base").MapGet("/ping", () => "base");"""));
        PluginFolders.Write(root, "c_dependent", "Plugin.cs", Plugin("dependent", """ctx.IncludeRouter("/dependent").MapGet("/ping", () => "dependent");""",
            metaExtras: """Dependencies = [new("base", "^1.0")]"""));
        PluginFolders.Write(root, "d_throws", "Plugin.cs", Plugin("throws", """
            if (ctx.GetSetting("explode", false))
            {
                throw new InvalidOperationException("the explode setting is on");
            }

            ctx.IncludeRouter("/throws").MapGet("/ping", () => "throws");
            """));
        PluginFolders.Write(root, "e_broken", "Plugin.cs", "class Broken { int x = \"text\"; }");
    }
}

public sealed class SwitchPluginsSetup : IServerSetup
{
    public Task PrepareRootAsync(string root)
    {
        SwitchPlugins.Write(root);
        return Task.CompletedTask;
    }
}
