using FastCms.Tests.Infrastructure;
using static FastCms.Tests.Infrastructure.PluginFolders;

namespace FastCms.Tests.AdminCollections;

/// <summary>A plugin whose before-hook refuses to delete records titled "keep me" in collections named <c>kept…</c>.</summary>
public static class KeeperPlugin
{
    public const string Refusal = "Records titled 'keep me' stay.";

    public static void Write(string root) =>
        PluginFolders.Write(root, "keeper", "Plugin.cs", Plugin("keeper", $$"""
            ctx.OnRecordDeleting(null, change =>
            {
                if (change.Collection.StartsWith("kept") && change.Previous?["title"]?.GetValue<string>() == "keep me")
                {
                    change.Reject("{{Refusal}}");
                }
            });
            """));
}

public sealed class ListToolsSetup : IServerSetup
{
    public Task PrepareRootAsync(string root)
    {
        KeeperPlugin.Write(root);
        return Task.CompletedTask;
    }
}
