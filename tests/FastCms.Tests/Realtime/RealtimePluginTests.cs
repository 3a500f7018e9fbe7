using System.Net;
using FastCms.Tests.Infrastructure;
using FastCms.Tests.Records;
using static FastCms.Tests.Infrastructure.PluginFolders;

namespace FastCms.Tests.Realtime;

/// <summary>A plugin's realtime: its own topics with an authorizer, connect/subscribe/message hooks, all withdrawn on disable.</summary>
public sealed class RealtimePluginTests(SqliteServer<RealtimePluginTests.ChatSetup> server) : ServerTests(server), IClassFixture<SqliteServer<RealtimePluginTests.ChatSetup>>
{
    public sealed class ChatSetup : IServerSetup
    {
        public bool OnSocket => true;

        public IEnumerable<KeyValuePair<string, string?>> Settings => new RealtimeSetup().Settings;

        public Task PrepareRootAsync(string root)
        {
            Write(root, "chat", "Plugin.cs", "using System.Text.Json.Nodes;\n" + Plugin("chat", """
                var connects = 0;
                ctx.Realtime.MapTopics("chat", (subscriber, topic, ct) => ValueTask.FromResult(subscriber.UserId is not null && topic != "chat/staff"));
                ctx.Realtime.OnConnect((subscriber, ct) => { Interlocked.Increment(ref connects); return ValueTask.CompletedTask; });
                ctx.Realtime.OnSubscribe((subscriber, topics, ct) => ValueTask.FromResult(topics.Contains("chat/banned") ? "That room is closed." : (string?)null));
                ctx.Realtime.OnMessage((subscriber, message) =>
                {
                    if (message.Data?["record"]?["data"]?["title"]?.GetValue<string>() == "drop me")
                    {
                        return null;
                    }

                    var data = message.Data!.DeepClone().AsObject();
                    data["seen_by"] = subscriber.UserId ?? "guest";
                    return message with { Data = data };
                });
                var api = ctx.IncludeRouter("/chat");
                api.MapPost("/say/{room}", (string room) => { ctx.Realtime.Publish($"chat/{room}", new { text = "hello " + room }); return Results.NoContent(); });
                api.MapGet("/connects", () => connects);
                """));
            Write(root, "broken", "Plugin.cs", Plugin("broken", """
                ctx.Realtime.MapTopics("broken", (subscriber, topic, ct) => ValueTask.FromResult(true));
                ctx.Realtime.OnMessage((subscriber, message) => null);
                throw new InvalidOperationException("fails after staging");
                """));
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task PluginTopic_AuthorizedSubscriber_ReceivesPublishedMessagesWithHooksApplied()
    {
        var (userId, user, _) = await Server.SocketUserAsync();
        await using var stream = await SseClient.ConnectAsync(Server.BaseUrl!);
        var guest = Server.Socket();

        await (await stream.SubscribeAsync(guest, "chat/room1")).ExpectAsync(HttpStatusCode.Forbidden);
        await (await stream.SubscribeAsync(user, "chat/staff")).ExpectAsync(HttpStatusCode.Forbidden);
        var banned = await (await stream.SubscribeAsync(user, "chat/banned")).ExpectAsync(HttpStatusCode.Forbidden);
        Assert.Equal("That room is closed.", banned["detail"]!.GetValue<string>());
        await (await stream.SubscribeAsync(user, "chat/room1")).ExpectAsync(HttpStatusCode.NoContent);

        await (await guest.PostAsync("/api/v1/plugins/chat/say/room2", null)).ExpectAsync(HttpStatusCode.NoContent);
        await (await guest.PostAsync("/api/v1/plugins/chat/say/room1", null)).ExpectAsync(HttpStatusCode.NoContent);

        var message = await stream.NextAsync();
        Assert.Equal("chat/room1", message.Event);
        Assert.Equal("hello room1", message.Data["text"]!.GetValue<string>());
        Assert.Equal(userId, message.Data["seen_by"]!.GetValue<string>());
        Assert.True(int.Parse(await guest.GetStringAsync("/api/v1/plugins/chat/connects"), System.Globalization.CultureInfo.InvariantCulture) >= 1);
    }

    [Fact]
    public async Task MessageHook_ChangesOrDropsRecordMessages()
    {
        var name = RecordClient.NewName("rt");
        await Admin.CreateCollectionAsync(new { name, schema = new object[] { new { name = "title", type = "text" } }, list_rule = "", view_rule = "" });
        await using var stream = await SseClient.ConnectAsync(Server.BaseUrl!);
        await (await stream.SubscribeAsync(Server.Socket(), $"{name}/*")).ExpectAsync(HttpStatusCode.NoContent);

        await Admin.CreateRecordAsync(name, new { title = "drop me" });
        await Admin.CreateRecordAsync(name, new { title = "keep me" });

        var message = await stream.NextAsync();
        Assert.Equal("keep me", message.Record["data"]!["title"]!.GetValue<string>());
        Assert.Equal("guest", message.Data["seen_by"]!.GetValue<string>());
    }

    [Fact]
    public async Task FailedRegistration_LeavesNoTopicOrHook()
    {
        await using var stream = await SseClient.ConnectAsync(Server.BaseUrl!);
        var problem = await (await stream.SubscribeAsync(Server.Socket(), "broken/x")).ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Contains("Unknown collection 'broken'", problem["errors"]!["subscriptions[0]"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task DisablePlugin_WithdrawsItsTopicsAndHooks()
    {
        var name = RecordClient.NewName("rt");
        await Admin.CreateCollectionAsync(new { name, schema = new object[] { new { name = "title", type = "text" } }, list_rule = "", view_rule = "" });
        var (_, user, _) = await Server.SocketUserAsync();
        await using var stream = await SseClient.ConnectAsync(Server.BaseUrl!);
        try
        {
            await (await Admin.PostAsync("/api/v1/admin/plugins/chat/disable", null)).ExpectAsync(HttpStatusCode.OK);

            await (await stream.SubscribeAsync(user, "chat/room1")).ExpectAsync(HttpStatusCode.BadRequest);
            await (await stream.SubscribeAsync(user, $"{name}/*")).ExpectAsync(HttpStatusCode.NoContent);
            await Admin.CreateRecordAsync(name, new { title = "drop me" });
            var message = await stream.NextAsync();
            Assert.Equal("drop me", message.Record["data"]!["title"]!.GetValue<string>());
            Assert.Null(message.Data["seen_by"]);
        }
        finally
        {
            await (await Admin.PostAsync("/api/v1/admin/plugins/chat/enable", null)).ExpectAsync(HttpStatusCode.OK);
        }

        await (await stream.SubscribeAsync(user, "chat/room1")).ExpectAsync(HttpStatusCode.NoContent);
    }
}
