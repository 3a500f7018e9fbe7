using System.Diagnostics;
using System.Reflection;
using FastCms.Events;
using FastCms.Kernel;
using FastCms.PluginHost;
using FastCms.PluginHost.Lifecycle;
using FastCms.PluginHost.Loading;
using FastCms.PluginHost.Registration;
using FastCms.Plugins;

namespace FastCms.HookScripts;

/// <summary>
/// Loads the drop-in hook scripts: every <c>*.cs</c> file directly in the hooks folder (names starting with <c>_</c> or
/// <c>.</c> are skipped), each compiled on its own with the plugin compiler and cache, holding one <see cref="IHookScript"/>
/// class whose <c>Register</c> adds record hooks and jobs. A broken file is reported with its diagnostics and skipped.
/// </summary>
internal sealed class HookScriptLoader(
    ContentPaths paths, PluginCompiler compiler, PluginHostServices host, HookScriptCatalog catalog, ILogger<HookScriptLoader> logger)
{
    private const string Hint = "Add a public class with `public void Register(IHookContext ctx)`.";

    public void LoadAll(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var scripts = new List<HookScriptInfo>();
        if (Directory.Exists(paths.HooksDir))
        {
            foreach (var file in Directory.EnumerateFiles(paths.HooksDir, "*.cs").Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(file);
                if (name.StartsWith('_') || name.StartsWith('.'))
                {
                    continue;
                }

                cancellationToken.ThrowIfCancellationRequested();
                scripts.Add(Load(new HookScriptInfo(name, "hooks/" + Path.GetFileNameWithoutExtension(name)), file));
            }
        }

        catalog.Set(scripts);
        Report(scripts, Stopwatch.GetElapsedTime(started));
    }

    private HookScriptInfo Load(HookScriptInfo info, string file)
    {
        var stem = Path.GetFileNameWithoutExtension(file);
        var safe = new string([.. stem.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_')]);
        var result = compiler.Compile(compiler.Prepare(new PluginSource(new PluginInfo("_hooks." + safe, paths.HooksDir, PluginKind.Source), [file], null)));
        info = info with { CacheHit = result.CacheHit, BuildMilliseconds = result.Milliseconds };
        if (result.AssemblyPath is not { } compiled)
        {
            return info.Failed(result.Failure!);
        }

        Assembly assembly;
        try
        {
            assembly = new PluginLoadContext("hooks." + safe, paths.HooksDir, null).LoadFromAssemblyPath(compiled);
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException)
        {
            return info.Failed(PluginFailure.LoadError($"The compiled script could not be loaded: {e.Message}"));
        }

        // A script without its class counts as failed whatever the reason, unlike a plugin whose types did not load.
        if (PluginValidator.FindEntryType(assembly, typeof(IHookScript), Hint, out var notFound) is not { } type)
        {
            return info.Failed(PluginFailure.Failed(notFound!.Message));
        }

        info = info with { State = info.State.Build() };

        var registration = new PluginRegistration(info.Owner, paths.HooksDir, "Hooks." + stem, host);
        try
        {
            ((IHookScript)Activator.CreateInstance(type)!).Register(registration);
        }
        catch (Exception e)
        {
            var inner = e is TargetInvocationException { InnerException: { } actual } ? actual : e;
            registration.Abandon();
            return info.Failed(PluginFailure.Failed($"Register threw {inner.GetType().Name}: {inner.Message}"));
        }

        registration.CommitScript();
        return info with
        {
            State = info.State.Activate(),
            Hooks = [.. registration.Hooks.Select(Describe)],
            Jobs = [.. registration.Jobs.Select(j => new ScriptJobResponse(j.Name, j.Cron))],
        };
    }

    private static HookResponse Describe(IRegisteredHook hook) => hook switch
    {
        BeforeHook before => new HookResponse("before", before.Operation.EventName(), before.Collection, before.Priority),
        AfterHook after => new HookResponse("after", after.EventType, after.Collection, after.Priority),
        _ => new HookResponse("any", null, null, hook.Priority),
    };

    private void Report(List<HookScriptInfo> scripts, TimeSpan elapsed)
    {
        foreach (var script in scripts)
        {
            if (script.Status == PluginStatus.Active)
            {
                logger.LogInformation("Hook script {File} active: {Hooks} hook(s), {Jobs} job(s)", script.File, script.Hooks.Count, script.Jobs.Count);
            }
            else
            {
                logger.LogError("Hook script {File} is {Status}: {Error}{Diagnostics}", script.File, script.Status.ToApiName(), script.Error,
                    script.Diagnostics.Count == 0 ? "" : Environment.NewLine + string.Join(Environment.NewLine, script.Diagnostics.Select(d => "  " + d)));
            }
        }

        if (scripts.Count > 0)
        {
            logger.LogInformation("Hook scripts ready in {Elapsed:F0} ms: {Active} active, {Inactive} not active",
                elapsed.TotalMilliseconds, scripts.Count(s => s.Status == PluginStatus.Active), scripts.Count(s => s.Status != PluginStatus.Active));
        }
    }
}
