using FastCms.Tests.Infrastructure;
using static FastCms.Tests.Infrastructure.PluginFolders;

namespace FastCms.Tests.AdminCollections;

/// <summary>A plugin whose before-hook refuses records titled "forbidden" in collections named <c>guarded…</c>.</summary>
public static class GuardPlugin
{
    public static void Write(string root) =>
        PluginFolders.Write(root, "guard", "Plugin.cs", Plugin("guard", """
            ctx.OnRecordCreating(null, change =>
            {
                if (change.Collection.StartsWith("guarded") && change.Data["title"]?.GetValue<string>() == "forbidden")
                {
                    change.Reject("Titles may not be 'forbidden'.");
                }
            });
            """));
}

public sealed class AdminCollectionsSetup : IServerSetup
{
    public Task PrepareRootAsync(string root)
    {
        GuardPlugin.Write(root);
        return Task.CompletedTask;
    }
}
