using FastCms.Tests.Infrastructure;
using static FastCms.Tests.Infrastructure.PluginFolders;

namespace FastCms.Tests.Plugins;

/// <summary>One server start over a plugins folder full of good and deliberately broken plugins.</summary>
public sealed class PluginMatrixServer : SqliteServer
{
    protected override Task PrepareRootAsync(string root)
    {
        Write(root, "a_good", "Plugin.cs", Plugin("good", """
            var api = ctx.IncludeRouter("/good");
            api.MapGet("/ping", () => new { pong = true });
            api.MapGet("/boom", () => { throw new InvalidOperationException("kaboom"); });
            ctx.OnAnyEvent((e, _) => { Counters.Seen++; return ValueTask.CompletedTask; }, priority: -1);
            ctx.OnAnyEvent((e, _) => throw new InvalidOperationException("after-hook failure"), priority: 10);
            api.MapGet("/seen", () => new { seen = Counters.Seen });
            """) + "\npublic static class Counters { public static int Seen; }");
        Write(root, "b_needs_good", "Plugin.cs", Plugin("needs-good", """ctx.IncludeRouter("/needs-good").MapGet("/ok", () => "ok");""",
            metaExtras: """Dependencies = [new("good", "^1.0")]"""));
        Write(root, "c_compile_error", ("Plugin.cs", Plugin("compile-error", "ctx.IncludeRouter(\"/x\")")), ("Sub/Broken.cs", "class Broken { int x = \"text\"; }"));
        Write(root, "d_register_throws", "Plugin.cs", Plugin("register-throws", """
            ctx.IncludeRouter("/half").MapGet("/route", () => "should not be served");
            ctx.AddAdminPage("half-page", "Half", "fa-star", "/admin/plugins/register-throws");
            throw new InvalidOperationException("Register failed on purpose");
            """));
        Write(root, "e_empty_id", "Plugin.cs", Plugin("", ""));
        Write(root, "f_bad_id", "Plugin.cs", Plugin("Bad Id!", ""));
        Write(root, "g_bad_version", "Plugin.cs", Plugin("bad-version", "", version: "1.0"));
        Write(root, "h_duplicate_id", "Plugin.cs", Plugin("good", "").Replace("namespace Tests_good", "namespace Tests_dup"));
        Write(root, "i_duplicate_prefix", "Plugin.cs", Plugin("dup-prefix", """ctx.IncludeRouter("/good");"""));
        Write(root, "j_no_plugin_class", "Thing.cs", "public sealed class Thing { }");
        Write(root, "k_two_plugin_classes", "Plugin.cs", Plugin("two-a", "") + "\n" + Plugin("two-b", "", className: "SecondPlugin").Replace("namespace Tests_two_b;", ""));
        Write(root, "l_missing_dependency", "Plugin.cs", Plugin("missing-dep", "", metaExtras: """Dependencies = [new("not-installed")]"""));
        Write(root, "m_cycle_a", "Plugin.cs", Plugin("cycle-a", "", metaExtras: """Dependencies = [new("cycle-b")]"""));
        Write(root, "n_cycle_b", "Plugin.cs", Plugin("cycle-b", "", metaExtras: """Dependencies = [new("cycle-a")]"""));
        Write(root, "o_incompatible", "Plugin.cs", Plugin("incompatible", "", metaExtras: """HostApi = "^2.0" """));
        Write(root, "p_dependency_out_of_range", "Plugin.cs", Plugin("old-dep", "", metaExtras: """Dependencies = [new("good", ">=2.0.0")]"""));
        Write(root, "q_empty_folder", "README.md", "no code here");
        Write(root, "_disabled", "Plugin.cs", Plugin("disabled", ""));
        Write(root, ".hidden", "Plugin.cs", Plugin("hidden", ""));
        Write(root, "r_bad_prefix", "Plugin.cs", Plugin("bad-prefix", """ctx.IncludeRouter("no-slash");"""));
        Write(root, "s_bad_manifest", "plugin.json", """{"assembly": "../../outside.dll"}""");
        return Task.CompletedTask;
    }
}
