using FastCms.Tests.Infrastructure;
using static FastCms.Tests.Infrastructure.PluginFolders;

namespace FastCms.Tests.Webhooks;

/// <summary>
/// A real plugin folder with two durable handlers on collection <c>orders</c>: <c>notify</c> fails the first two attempts
/// of every event and then appends "{event id} {record id} {attempt}" to <c>handled.log</c> in its folder;
/// <c>broken</c> always fails.
/// </summary>
internal static class DurablePlugin
{
    public const string Id = "durable";

    public static string LogPath(string root) => Path.Combine(root, "plugins", Id, "handled.log");

    public static void Write(string root, int failFirst = 2) => PluginFolders.Write(root, Id, "DurablePlugin.cs", Plugin(Id, $$"""
        var log = System.IO.Path.Combine(ctx.Directory, "handled.log");
        ctx.OnRecordCommitted("notify", "orders", (e, ct) =>
        {
            if (e.Attempt <= {{failFirst}})
            {
                throw new InvalidOperationException("Not yet, attempt " + e.Attempt);
            }

            lock (typeof(TestPlugin))
            {
                System.IO.File.AppendAllText(log, e.Id + " " + e.RecordId + " " + e.Attempt + "\n");
            }

            return Task.CompletedTask;
        });
        ctx.OnRecordCommitted("broken", "orders", (e, ct) => throw new InvalidOperationException("The mail server is on fire"));
        """));

    /// <summary>The lines of the log: event id, record id, attempt.</summary>
    public static List<(string EventId, string RecordId, int Attempt)> Handled(string root) =>
        File.Exists(LogPath(root))
            ? [.. File.ReadAllLines(LogPath(root)).Where(l => l.Length > 0).Select(l => l.Split(' ')).Select(p => (p[0], p[1], int.Parse(p[2])))]
            : [];
}
